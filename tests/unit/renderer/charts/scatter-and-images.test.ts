import { describe, expect, it } from 'vitest';
import { layoutImageGrid, paintImageGrid, tileOrigin } from '../../../../src/renderer/src/charts/image-grid-layout';
import { buildLatentScatterOption, latentScatterFigureOption, paddedExtent, PICKED_SERIES_ID } from '../../../../src/renderer/src/charts/latent-scatter-option';
import { nearestPointIndex, transformFrom } from '../../../../src/renderer/src/charts/nearest-point';

describe('latent scatter option', () => {
  const points = new Float32Array([0, 0, 1, 1, 2, 0, -1, 3]);
  const labels = new Int32Array([3, 1, 3, 1]);

  it("as a figure, leaves out the classes switched off in the legend, and is the screen's option when none is", () => {
    const input = { points, labels, picked: [], xName: 'x', yName: 'y', symbolSize: 5, classNames: ['a', 'b', 'c', 'd'] };
    // The same option (its formatters are new functions each time, so compared as data).
    expect(JSON.stringify(latentScatterFigureOption(input, []))).toBe(JSON.stringify(buildLatentScatterOption(input)));
    const figure = latentScatterFigureOption(input, [3]);
    expect((figure['legend'] as { selected: Record<string, boolean> }).selected).toEqual({ d: false });
    expect(JSON.stringify(figure['series'])).toBe(JSON.stringify(buildLatentScatterOption(input)['series']));
  });

  it('makes one large-mode series per class, its points a flat typed array of x, y, plus picks lettered A and B with their index', () => {
    const option = buildLatentScatterOption({ points, labels, picked: [2, 1], xName: 'x', yName: 'y', symbolSize: 5, classNames: ['a', 'b', 'c', 'd'] });
    const series = option['series'] as { id: string; name?: string; data: ArrayLike<unknown>; large?: boolean; largeThreshold?: number }[];
    expect(series.map((item) => item.id)).toEqual(['class-1', 'class-3', PICKED_SERIES_ID, 'hover']);
    expect(series[0]).toMatchObject({ name: 'b', large: true });
    // Large mode from the first point: the chart finds hovered points itself.
    expect(series[0]?.largeThreshold).toBeLessThanOrEqual(1);
    expect(series[0]?.data).toEqual(new Float64Array([1, 1, -1, 3]));
    expect(series[1]?.data).toEqual(new Float64Array([0, 0, 2, 0]));
    const picks = series[2]?.data as { value: number[]; label: { formatter: string } }[];
    expect(picks.map((pick) => [pick.value[2], pick.label.formatter])).toEqual([[2, 'A'], [1, 'B']]);
  });

  it('checks that labels match the points', () => {
    expect(() => buildLatentScatterOption({ points, labels: new Int32Array(3), picked: [], xName: '', yName: '', symbolSize: 4 })).toThrow(
      /4 points but 3 labels/,
    );
    expect(() => buildLatentScatterOption({ points: [1, 2, 3], labels: null, picked: [], xName: '', yName: '', symbolSize: 4 })).toThrow(
      /count × 2 numbers, got 3/,
    );
  });

  it('pads the extent by 5%', () => {
    expect(paddedExtent([0, 10, 10, 20], 0)).toEqual([-0.5, 10.5]);
    expect(paddedExtent([0, 10, 10, 20], 1)).toEqual([9.5, 20.5]);
  });
});

describe('nearestPointIndex', () => {
  // Data (0,0) → pixel (100, 300); data (1,1) → pixel (150, 250): y grows upwards on screen.
  const transform = transformFrom([[0, 0], [1, 1]], [[100, 300], [150, 250]]);
  const points = [0, 0, 1, 1, 1.1, 1];

  it('maps data to pixels through two reference points', () => {
    expect(transform).toEqual({ scaleX: 50, offsetX: 100, scaleY: -50, offsetY: 300 });
  });

  it('returns the nearest point within the radius, or null', () => {
    expect(nearestPointIndex(points, 103, 298, transform, 8)).toBe(0);
    expect(nearestPointIndex(points, 154, 250, transform, 8)).toBe(2);
    expect(nearestPointIndex(points, 130, 280, transform, 8)).toBeNull();
    expect(nearestPointIndex(points, 154, 250, transform, 8, (index) => index !== 2)).toBe(1);
  });
});

describe('image grid', () => {
  it('lays images out near-square with gaps', () => {
    const batch = { width: 2, height: 3, channels: 1 as const, count: 5, pixels: new Uint8Array(30) };
    const layout = layoutImageGrid(batch, undefined, 1);
    expect(layout).toEqual({ columns: 3, rows: 2, gap: 1, canvasWidth: 8, canvasHeight: 7 });
    expect(tileOrigin(4, batch, layout)).toEqual({ x: 3, y: 4 });
  });

  it('paints grayscale and RGB pixels exactly, gaps transparent', () => {
    const gray = { width: 1, height: 2, channels: 1 as const, count: 2, pixels: new Uint8Array([10, 20, 30, 40]) };
    const grayLayout = layoutImageGrid(gray, 2, 1);
    expect(Array.from(paintImageGrid(gray, grayLayout))).toEqual([
      10, 10, 10, 255, 0, 0, 0, 0, 30, 30, 30, 255,
      20, 20, 20, 255, 0, 0, 0, 0, 40, 40, 40, 255,
    ]);
    const rgb = { width: 1, height: 1, channels: 3 as const, count: 2, pixels: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    expect(Array.from(paintImageGrid(rgb, layoutImageGrid(rgb, 1, 0)))).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
  });

  it('names the mismatch when the byte count is wrong', () => {
    expect(() => layoutImageGrid({ width: 28, height: 28, channels: 1, count: 2, pixels: new Uint8Array(10) }, undefined, 1)).toThrow(
      /2 images of 28×28×1 need 1568 bytes, got 10/,
    );
    expect(() => layoutImageGrid({ width: 2, height: 2, channels: 2 as 1, count: 1, pixels: new Uint8Array(8) }, undefined, 1)).toThrow(
      /channels must be 1 \(grayscale\) or 3 \(RGB\), got 2/,
    );
  });
});
