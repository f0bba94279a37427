/** The explorer scatter's geometry: the plot box inside the export's margins, data → pixels, ECharts-like nice ticks. */
import { describe, expect, it } from 'vitest';
import { niceStep, niceTicks, SCATTER_MARGINS, scatterFrame } from '../../../../src/renderer/src/charts/latent-scatter-frame';

describe('latent scatter frame', () => {
  it('rounds a step to 1, 2, 3, 5 or 10 times a power of ten', () => {
    expect([0.14, 0.2, 0.35, 0.6, 0.9, 1.4, 2.4, 3.9, 6.9, 7.1, 42].map(niceStep)).toEqual([0.1, 0.2, 0.3, 0.5, 1, 1, 2, 3, 5, 10, 50]);
    expect(niceStep(0)).toBe(1);
    expect(niceStep(Number.NaN)).toBe(1);
  });

  it('places ticks at multiples of the nice step inside the extent, written without float noise', () => {
    // The explorer's PCA axes as ECharts labelled them: -4 … 4 by 2, and -1 … 1.5 by 0.5.
    expect(niceTicks(-4.4, 5.7)).toEqual([-4, -2, 0, 2, 4]);
    expect(niceTicks(-1.12, 1.71)).toEqual([-1, -0.5, 0, 0.5, 1, 1.5]);
    expect(niceTicks(0.1, 0.95)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(1, 1)).toEqual([]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY)).toEqual([]);
  });

  it('maps the extents onto the plot box inside the margins, y upwards', () => {
    const frame = scatterFrame(400, 300, [-1, 1], [0, 10]);
    expect(frame.left).toBe(SCATTER_MARGINS.left);
    expect(frame.top).toBe(SCATTER_MARGINS.top);
    expect(frame.width).toBe(400 - SCATTER_MARGINS.left - SCATTER_MARGINS.right);
    expect(frame.height).toBe(300 - SCATTER_MARGINS.top - SCATTER_MARGINS.bottom);
    const pixel = (x: number, y: number) => [x * frame.transform.scaleX + frame.transform.offsetX, y * frame.transform.scaleY + frame.transform.offsetY];
    expect(pixel(-1, 0)).toEqual([frame.left, frame.top + frame.height]);
    expect(pixel(1, 10)).toEqual([frame.left + frame.width, frame.top]);
    expect(frame.yTicks).toEqual([0, 2, 4, 6, 8, 10]);
  });
});
