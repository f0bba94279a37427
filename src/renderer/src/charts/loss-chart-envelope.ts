/**
 * The min/max band of a downsampled series in the loss chart: one ECharts custom-series item drawn
 * as a polygon, and the lookup the tooltip uses to quote a bucket's range. Pure, like the option.
 */
import { ENVELOPE_STRIDE } from '../lib/series/plot-series';

const ENVELOPE_OPACITY = 0.22;

interface RenderItemParams {
  dataIndex: number;
}
interface RenderItemApi {
  coord: (value: number[]) => number[];
}

/** The band's extent (x from, x to, lowest min, highest max): the one data item the axes make room for. */
export function envelopeExtent(envelope: Float64Array): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < envelope.length; i += ENVELOPE_STRIDE) {
    min = Math.min(min, envelope[i + 1] as number);
    max = Math.max(max, envelope[i + 2] as number);
  }
  return [envelope[0] as number, envelope[envelope.length - ENVELOPE_STRIDE] as number, min, max];
}

/** The bucket of `envelope` whose x is nearest to `x` (x ascending): its [min, max]. */
export function envelopeAt(envelope: Float64Array, x: number): [number, number] | null {
  const count = envelope.length / ENVELOPE_STRIDE;
  if (count === 0) return null;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((envelope[middle * ENVELOPE_STRIDE] as number) < x) low = middle + 1;
    else high = middle;
  }
  const before = Math.max(low - 1, 0);
  const distance = (index: number): number => Math.abs((envelope[index * ENVELOPE_STRIDE] as number) - x);
  const nearest = distance(before) <= distance(low) ? before : low;
  return [envelope[nearest * ENVELOPE_STRIDE + 1] as number, envelope[nearest * ENVELOPE_STRIDE + 2] as number];
}

/**
 * The envelope as one polygon (max forwards, min backwards) for the series' single item. Buckets
 * that land in the same pixel column are merged first (lowest min, highest max), which draws the
 * same band with at most two points per column however many buckets there are.
 *
 * Both axes map values to pixels by an affine map (of log10 y on a log axis), so two api.coord
 * calls per axis give the whole transform: per-point api.coord calls were most of the band's cost
 * on every live redraw.
 */
export function envelopeRenderer(envelope: Float64Array, color: string, logY: boolean) {
  return (params: RenderItemParams, api: RenderItemApi) => {
    if (params.dataIndex !== 0) return null;
    const count = envelope.length / ENVELOPE_STRIDE;
    const firstX = envelope[0] as number;
    const lastX = envelope[(count - 1) * ENVELOPE_STRIDE] as number;
    // Reference values the axis maps to pixels: 0 and 1 (linear), 10^0 and 10^1 (log).
    const [firstPixel = 0, pixelAtZero = 0] = api.coord([firstX, logY ? 1 : 0]);
    const [lastPixel = 0, pixelAtOne = 0] = api.coord([lastX, logY ? 10 : 1]);
    const pixelsPerX = lastX === firstX ? 0 : (lastPixel - firstPixel) / (lastX - firstX);
    const pixelsPerY = pixelAtOne - pixelAtZero;
    const xPixel = (x: number): number => firstPixel + (x - firstX) * pixelsPerX;
    const yPixel = logY ? (y: number): number => pixelAtZero + Math.log10(y) * pixelsPerY : (y: number): number => pixelAtZero + y * pixelsPerY;

    const tops: number[][] = [];
    const bottoms: number[][] = [];
    let i = 0;
    while (i < count) {
      let x = envelope[i * ENVELOPE_STRIDE] as number;
      const column = Math.round(xPixel(x));
      let low = envelope[i * ENVELOPE_STRIDE + 1] as number;
      let high = envelope[i * ENVELOPE_STRIDE + 2] as number;
      for (i++; i < count && Math.round(xPixel(envelope[i * ENVELOPE_STRIDE] as number)) === column; i++) {
        x = envelope[i * ENVELOPE_STRIDE] as number;
        low = Math.min(low, envelope[i * ENVELOPE_STRIDE + 1] as number);
        high = Math.max(high, envelope[i * ENVELOPE_STRIDE + 2] as number);
      }
      const pixel = xPixel(x);
      tops.push([pixel, yPixel(high)]);
      bottoms.push([pixel, yPixel(low)]);
    }
    const points = tops.concat(bottoms.reverse());
    return { type: 'polygon', shape: { points }, style: { fill: color, opacity: ENVELOPE_OPACITY }, silent: true };
  };
}
