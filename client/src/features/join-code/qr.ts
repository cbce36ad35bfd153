import { encode } from 'uqr';

/** Where a second device opens a live session: the tool's app with the code, never a credential. */
export function joinUrl(origin: string, code: string): string {
  return `${origin}/app/?join_code=${encodeURIComponent(code)}`;
}

/** A 6-digit join code from a URL's query, or undefined (anything else is ignored, not echoed). */
export function joinCodeFromSearch(search: string): string | undefined {
  const code = new URLSearchParams(search).get('join_code');
  return code && /^\d{6}$/.test(code) ? code : undefined;
}

export interface QrPath {
  /** Modules per side, quiet zone included. */
  size: number;
  /** One SVG path of 1×1 squares for the dark modules, so the code scales crisply at any size. */
  d: string;
}

/** The QR code of `text` as an SVG path (ECC M: still scans from a projector photo with some glare). */
export function qrPath(text: string): QrPath {
  const { size, data } = encode(text, { ecc: 'M', border: 2 });
  const squares: string[] = [];
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) squares.push(`M${x} ${y}h1v1h-1z`);
    }),
  );
  return { size, d: squares.join('') };
}
