import { expect } from 'chai';
import { joinCodeFromSearch, joinUrl, qrPath } from '../../client/src/features/join-code/qr.js';
import { decodeQr } from '../support/qr-decode.js';

const SCALE = 6;

/** Rasterises the SVG path of unit squares into a binary PGM, the way a screen shows it. */
function pgmFromPath(qr: { size: number; d: string }): Buffer {
  const side = qr.size * SCALE;
  const pixels = Buffer.alloc(side * side, 255);
  for (const match of qr.d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(match[1]), Number(match[2])];
    for (let dy = 0; dy < SCALE; dy++)
      pixels.fill(0, (y * SCALE + dy) * side + x * SCALE, (y * SCALE + dy) * side + (x + 1) * SCALE);
  }
  return Buffer.concat([Buffer.from(`P5\n${side} ${side}\n255\n`), pixels]);
}

describe('join code QR (client)', () => {
  it('encodes the join URL so a phone camera reads it back exactly', async () => {
    const url = joinUrl('https://eduforum.example.edu', '042917');
    expect(url).to.equal('https://eduforum.example.edu/app/?join_code=042917');
    const qr = qrPath(url);
    expect(qr.d).to.match(/^(M\d+ \d+h1v1h-1z)+$/);
    expect(await decodeQr(pgmFromPath(qr), 'pgm')).to.deep.equal([url]);
  });

  it('takes only a 6-digit code from the query and ignores anything else', () => {
    expect(joinCodeFromSearch('?join_code=042917')).to.equal('042917');
    expect(joinCodeFromSearch('?join_code=42917')).to.equal(undefined);
    expect(joinCodeFromSearch('?join_code=<script>')).to.equal(undefined);
    expect(joinCodeFromSearch('')).to.equal(undefined);
  });
});
