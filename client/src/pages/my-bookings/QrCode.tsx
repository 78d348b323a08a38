import { useMemo } from 'react';
import { View } from '@tarojs/components';
import QRCode from 'qrcode';

interface Props {
  text: string;
  /** Width in design pixels (750 wide). */
  size?: number;
  className?: string;
}

/**
 * A QR code drawn as rows of Views (runs of equal modules merged), so it renders the same on
 * weapp and H5 without a canvas.
 */
export default function QrCode({ text, size = 360, className }: Props) {
  const rows = useMemo(() => {
    const m = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const quiet = 2;
    const n = m.size + quiet * 2;
    const dark = (r: number, c: number) =>
      r >= quiet &&
      c >= quiet &&
      r < m.size + quiet &&
      c < m.size + quiet &&
      m.get(r - quiet, c - quiet) === 1;
    const out: { dark: boolean; len: number }[][] = [];
    for (let r = 0; r < n; r++) {
      const runs: { dark: boolean; len: number }[] = [];
      for (let c = 0; c < n; c++) {
        const d = dark(r, c);
        const last = runs[runs.length - 1];
        if (last && last.dark === d) last.len++;
        else runs.push({ dark: d, len: 1 });
      }
      out.push(runs);
    }
    return { out, n };
  }, [text]);
  const cell = size / rows.n;
  return (
    <View
      className={`qr ${className ?? ''}`}
      style={{ width: `${Taro_px(size)}`, height: `${Taro_px(size)}`, background: '#fff' }}
    >
      {rows.out.map((runs, r) => (
        <View key={r} style={{ display: 'flex', height: `${Taro_px(cell)}` }}>
          {runs.map((run, i) => (
            <View
              key={i}
              style={{
                width: `${Taro_px(cell * run.len)}`,
                height: '100%',
                background: run.dark ? '#000' : '#fff',
              }}
            />
          ))}
        </View>
      ))}
    </View>
  );
}

/**
 * Design pixels (750 wide) in the platform's unit: rpx on weapp, rem on H5 (Taro sets the root
 * font size to 1/40 of 750). Taro.pxTransform is not used: with the function-valued designWidth
 * of the build config it throws at run time on H5.
 */
function Taro_px(designPx: number): string {
  return process.env.TARO_ENV === 'h5' ? `${(designPx / 40).toFixed(4)}rem` : `${designPx.toFixed(2)}rpx`;
}
