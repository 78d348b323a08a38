/** What a file is, from its first bytes (never from its name or the client's word). Pure. */
import type { FileKind } from '@zwgk/types';

export const MIME: Record<FileKind, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ofd: 'application/ofd',
  zip: 'application/zip',
};

const starts = (b: Buffer, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);

/** The kind of `head` (the first bytes), using the file name's extension only to tell zip-based formats apart. */
export function sniffKind(head: Buffer, name: string): FileKind | null {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (starts(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (starts(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  // OLE2 compound file: legacy Word / Excel.
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (ext === 'xls') return 'xls';
    if (ext === 'doc') return 'doc';
    return null;
  }
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (ext === 'docx' || ext === 'xlsx' || ext === 'ofd') return ext;
    return 'zip';
  }
  return null;
}

/** A file name safe to store and to put in Content-Disposition: no path, no control characters. */
export function cleanFileName(raw: string, kind: FileKind): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  let name = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim();
  if (!name) name = `附件.${kind}`;
  if (name.length > 100) name = name.slice(0, 100);
  return name;
}
