import { describe, expect, it } from 'vitest';
import type { ImageGridPayload } from '../../../../src/shared/api';
import { base64ToBytes, payloadToBatch } from '../../../../src/renderer/src/lib/image-payload';
import { exportedFileToBlob } from '../../../../src/renderer/src/components/exported-file';

/** A 2×3 grid of 2×2 grayscale tiles where every pixel of tile n has value n·10 + its index in the tile. */
function tiledPayload(): ImageGridPayload {
  const rows = 2;
  const columns = 3;
  const width = columns * 2;
  const height = rows * 2;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const tile = Math.floor(y / 2) * columns + Math.floor(x / 2);
      pixels[y * width + x] = tile * 10 + (y % 2) * 2 + (x % 2);
    }
  }
  return { width, height, channels: 1, rows, columns, tileWidth: 2, tileHeight: 2, pixelsBase64: Buffer.from(pixels).toString('base64') };
}

describe('image grid payloads', () => {
  it('decodes base64 to bytes', () => {
    expect([...base64ToBytes(Buffer.from([0, 127, 255]).toString('base64'))]).toEqual([0, 127, 255]);
  });

  it('cuts a tiled picture back into its images, row by row', () => {
    const batch = payloadToBatch(tiledPayload());
    expect(batch).toMatchObject({ width: 2, height: 2, channels: 1, count: 6 });
    for (let tile = 0; tile < 6; tile++) {
      expect([...batch.pixels.subarray(tile * 4, tile * 4 + 4)]).toEqual([0, 1, 2, 3].map((i) => tile * 10 + i));
    }
    expect(payloadToBatch(tiledPayload(), 4).count).toBe(4);
  });

  it('names what does not add up', () => {
    expect(() => payloadToBatch({ ...tiledPayload(), pixelsBase64: 'AAAA' })).toThrow(/needs 24 bytes, got 3/);
    expect(() => payloadToBatch({ ...tiledPayload(), columns: 4 })).toThrow(/do not fit a 6×4 picture/);
    expect(() => payloadToBatch(tiledPayload(), 7)).toThrow(/cannot take 7 tiles/);
  });

  it('turns an exported file into a Blob of its text or bytes', async () => {
    const csv = exportedFileToBlob({ filename: 'a.csv', mediaType: 'text/csv', text: 'step,value\n1,2\n' });
    expect(csv.type).toBe('text/csv');
    expect(await csv.text()).toBe('step,value\n1,2\n');
    const bytes = exportedFileToBlob({ filename: 'a.tar', mediaType: 'application/x-tar', base64: Buffer.from([1, 2, 3]).toString('base64') });
    expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(() => exportedFileToBlob({ filename: 'empty.bin', mediaType: 'x' })).toThrow(/"empty.bin" has neither text nor bytes/);
  });
});
