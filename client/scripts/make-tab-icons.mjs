// Draws the tab bar icons (81 x 81 PNG, grey and selected red) with Node built-ins only.
// Run: node client/scripts/make-tab-icons.mjs  (the PNGs are committed; rerun only to change them)
import { deflateSync } from 'node:zlib';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZE = 81;
const SAMPLES = 4;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tabbar');
const COLORS = { normal: [0x86, 0x8c, 0x96], active: [0xb3, 0x26, 0x1e] };

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function png(rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = [];
  for (let y = 0; y < SIZE; y++) {
    rows.push(Buffer.from([0]), rgba.subarray(y * SIZE * 4, (y + 1) * SIZE * 4));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes work in a 0..100 box; each returns true when the point is ink.
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (!rect(x0, y0, x1, y1)(x, y)) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const outline = (outer, inner) => (x, y) => outer(x, y) && !inner(x, y);
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
const triangle = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by);
  const d2 = s(bx, by, cx, cy);
  const d3 = s(cx, cy, ax, ay);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
};

const icons = {
  // 首页: a house with a door
  home: minus(
    union(triangle(50, 12, 8, 48, 92, 48), rect(20, 44, 80, 88)),
    union(rect(28, 52, 72, 80), triangle(50, 22, 22, 44, 78, 44)),
  ),
  // 政策: a document with text lines
  policy: union(
    outline(roundRect(20, 8, 80, 92, 6), roundRect(27, 15, 73, 85, 2)),
    rect(34, 28, 66, 33),
    rect(34, 42, 66, 47),
    rect(34, 56, 66, 61),
    rect(34, 70, 54, 75),
  ),
  // 公开讲: a microphone on a stand
  lecture: union(
    roundRect(38, 8, 62, 58, 12),
    minus(ring(50, 44, 24, 6), rect(20, 10, 80, 44)),
    rect(47, 66, 53, 84),
    roundRect(32, 82, 68, 90, 3),
  ),
  // 办事: a briefcase
  service: union(
    outline(roundRect(10, 30, 90, 86, 8), roundRect(17, 37, 83, 79, 4)),
    outline(roundRect(36, 14, 64, 34, 5), roundRect(42, 20, 58, 34, 2)),
    rect(14, 52, 86, 58),
    roundRect(44, 48, 56, 64, 2),
  ),
  // 我的: a person
  mine: union(
    ring(50, 32, 20, 7),
    minus(outline(circle(50, 96, 40), circle(50, 96, 33)), rect(0, 92, 100, 100)),
    rect(10, 88, 17, 92),
    rect(83, 88, 90, 92),
  ),
};

mkdirSync(OUT, { recursive: true });
for (const [name, shape] of Object.entries(icons)) {
  for (const [state, [r, g, b]] of Object.entries(COLORS)) {
    const data = Buffer.alloc(SIZE * SIZE * 4);
    for (let py = 0; py < SIZE; py++) {
      for (let px = 0; px < SIZE; px++) {
        let hits = 0;
        for (let sy = 0; sy < SAMPLES; sy++) {
          for (let sx = 0; sx < SAMPLES; sx++) {
            const x = ((px + (sx + 0.5) / SAMPLES) / SIZE) * 100;
            const y = ((py + (sy + 0.5) / SAMPLES) / SIZE) * 100;
            if (shape(x, y)) hits++;
          }
        }
        const i = (py * SIZE + px) * 4;
        data[i] = r;
        data[i + 1] = g;
        data[i + 2] = b;
        data[i + 3] = Math.round((hits / (SAMPLES * SAMPLES)) * 255);
      }
    }
    const file = join(OUT, state === 'active' ? `${name}-active.png` : `${name}.png`);
    writeFileSync(file, png(data));
  }
}
console.log(`tab bar icons written to ${OUT}`);
