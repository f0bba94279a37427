/**
 * Writes text into a PNG as a tEXt chunk (PNG spec §11.3.4.3) right after IHDR, so a PNG figure
 * carries its provenance as the SVG and PDF do. Latin-1 keyword and text, as tEXt requires.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

export function withPngText(png: Uint8Array, entries: Record<string, string>): Uint8Array {
  if (!SIGNATURE.every((byte, i) => png[i] === byte)) throw new Error('not a PNG file');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // Signature (8) + IHDR: length (4) + type (4) + data (13) + CRC (4).
  const afterHeader = 8 + 12 + view.getUint32(8);
  const chunks = Object.entries(entries).map(([keyword, text]) => textChunk(keyword, text));
  const total = png.length + chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Uint8Array(total);
  out.set(png.subarray(0, afterHeader), 0);
  let offset = afterHeader;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  out.set(png.subarray(afterHeader), offset);
  return out;
}

function textChunk(keyword: string, text: string): Uint8Array {
  const latin1 = (value: string) => Uint8Array.from([...value].map((c) => (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 63)));
  const data = new Uint8Array([...latin1(keyword.slice(0, 79)), 0, ...latin1(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set([116, 69, 88, 116], 4); // "tEXt"
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/** The tEXt entries of a PNG, for tests and for reading a figure's provenance back. */
export function readPngText(png: Uint8Array): Record<string, string> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const entries: Record<string, string> = {};
  for (let offset = 8; offset + 12 <= png.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'tEXt') {
      const data = png.subarray(offset + 8, offset + 8 + length);
      const zero = data.indexOf(0);
      entries[String.fromCharCode(...data.subarray(0, zero))] = Array.from(data.subarray(zero + 1), (b) => String.fromCharCode(b)).join('');
    }
    offset += 12 + length;
  }
  return entries;
}
