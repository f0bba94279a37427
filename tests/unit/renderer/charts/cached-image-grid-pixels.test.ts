/** A batch's painted grid is remembered per batch and layout, and is what paintImageGrid paints. */
import { describe, expect, it } from 'vitest';
import { cachedImageGridPixels, layoutImageGrid, paintImageGrid, type ImageBatch } from '../../../../src/renderer/src/charts/image-grid-layout';

describe('cachedImageGridPixels', () => {
  const batch: ImageBatch = { width: 2, height: 2, channels: 1, count: 3, pixels: new Uint8Array([0, 50, 100, 150, 200, 250, 10, 20, 30, 40, 60, 70]) };

  it('paints what paintImageGrid paints, once per batch and layout', () => {
    const layout = layoutImageGrid(batch, 2, 1);
    const first = cachedImageGridPixels(batch, layout);
    expect(first).toEqual(paintImageGrid(batch, layout));
    // The same layout again (a new but equal object, as a derived value gives): the same buffer.
    expect(cachedImageGridPixels(batch, layoutImageGrid(batch, 2, 1))).toBe(first);
    // Another layout paints afresh.
    const inOneRow = layoutImageGrid(batch, 3, 1);
    const other = cachedImageGridPixels(batch, inOneRow);
    expect(other).not.toBe(first);
    expect(other).toEqual(paintImageGrid(batch, inOneRow));
  });
});
