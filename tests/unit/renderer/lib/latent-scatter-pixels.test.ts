/** The linked scatter's pixel painter: squares where the mapping puts them, class colours, alpha blending, layers on top. */
import { describe, expect, it } from 'vitest';
import { hexToRgb, paintScatter, type PixelBuffer } from '../../../../src/renderer/src/lib/latent-scatter-pixels';

const buffer = (width: number, height: number): PixelBuffer => ({ width, height, data: new Uint8ClampedArray(width * height * 4) });
const pixel = (image: PixelBuffer, x: number, y: number) => Array.from(image.data.slice((y * image.width + x) * 4, (y * image.width + x) * 4 + 4));
// Data (0, 0) → pixel (2, 7); one data unit → one pixel, y upwards.
const mapping = { x0: 2, y0: 7, xMin: 0, yMin: 0, sx: 1, sy: 1 };
const palette = [hexToRgb('#ff0000'), hexToRgb('#0000FF')];

describe('paintScatter', () => {
  it('reads palette hex, and greys anything else', () => {
    expect(hexToRgb('#0072B2')).toEqual([0, 114, 178]);
    expect(hexToRgb('red')).toEqual([128, 128, 128]);
  });

  it('paints a square of 2·half pixels centred on each point, in its class colour, y growing upwards', () => {
    const image = buffer(10, 10);
    paintScatter(image, [0, 0, 5, 3], [0, 1], palette, mapping, [{ indices: null, half: 1, alpha: 1 }]);
    // Point 0 at pixel (2, 7): a 2×2 square from (1, 6).
    for (const [x, y] of [[1, 6], [2, 6], [1, 7], [2, 7]] as const) expect(pixel(image, x, y)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 3, 7)).toEqual([0, 0, 0, 0]);
    // Point 1 at pixel (7, 4), blue.
    expect(pixel(image, 7, 4)).toEqual([0, 0, 255, 255]);
    let painted = 0;
    for (let i = 3; i < image.data.length; i += 4) if ((image.data[i] as number) > 0) painted++;
    expect(painted).toBe(8);
  });

  it('blends with straight alpha ("source over"), and a later layer lies on top', () => {
    const image = buffer(10, 10);
    paintScatter(image, [0, 0], [0], palette, mapping, [{ indices: null, half: 0.5, alpha: 0.5 }]);
    expect(pixel(image, 2, 7)).toEqual([255, 0, 0, 128]);
    // Blue at 0.5 over half-transparent red: alpha ≈ 0.75, colour two parts blue to one part red.
    paintScatter(image, [0, 0], [1], palette, mapping, [{ indices: null, half: 0.5, alpha: 0.5 }]);
    expect(pixel(image, 2, 7)).toEqual([85, 0, 170, 192]);
    // An opaque layer of chosen indices covers what is below.
    paintScatter(image, [9, 9, 0, 0], [1, 0], palette, mapping, [{ indices: [1], half: 0.5, alpha: 1 }]);
    expect(pixel(image, 2, 7)).toEqual([255, 0, 0, 255]);
  });

  it('clips at the edges and skips non-finite points and indices out of range', () => {
    const image = buffer(4, 4);
    expect(() => paintScatter(image, [-50, 0, Number.NaN, 1, 0, 0], [0, 0, 0], palette, { ...mapping, x0: 0, y0: 0 }, [{ indices: [0, 1, 2, 7], half: 2, alpha: 1 }])).not.toThrow();
    // Only the third point, a 4×4 square centred on (0, 0), lands (its lower right quarter).
    expect(pixel(image, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 1, 1)).toEqual([255, 0, 0, 255]);
    expect(pixel(image, 2, 2)).toEqual([0, 0, 0, 0]);
  });
});
