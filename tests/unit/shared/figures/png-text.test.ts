import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readPngText, withPngText } from '../../../../src/shared/figures/png-text';

describe('PNG provenance', () => {
  it('adds tEXt chunks that a PNG decoder accepts and reads back', () => {
    const image = new PNG({ width: 3, height: 2 });
    image.data.fill(200);
    const png = new Uint8Array(PNG.sync.write(image));
    const tagged = withPngText(png, { Software: 'vae-workbench 1.2.3', Comment: 'runs: a (id 1), b (id 2); smoothing 0' });
    expect(readPngText(tagged)).toEqual({ Software: 'vae-workbench 1.2.3', Comment: 'runs: a (id 1), b (id 2); smoothing 0' });
    // pngjs checks every chunk's CRC, and the pixels survive.
    const decoded = PNG.sync.read(Buffer.from(tagged));
    expect([decoded.width, decoded.height, decoded.data[0]]).toEqual([3, 2, 200]);
  });

  it('refuses bytes that are not a PNG', () => {
    expect(() => withPngText(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), { a: 'b' })).toThrow('not a PNG file');
  });
});
