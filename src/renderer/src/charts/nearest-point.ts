/**
 * Finds the point under the pointer in screen pixels. ECharts' large scatter mode does not report
 * hovered points, so LatentScatter maps data to pixels with the axes' linear transform and scans
 * (a few thousand points: well under a millisecond).
 */

/** pixelX = x · scaleX + offsetX, pixelY = y · scaleY + offsetY (value axes are linear). */
export interface PixelTransform {
  scaleX: number;
  offsetX: number;
  scaleY: number;
  offsetY: number;
}

/** The transform through two data points and their pixel positions. */
export function transformFrom(
  data: readonly [[number, number], [number, number]],
  pixels: readonly [[number, number], [number, number]],
): PixelTransform {
  const [[x0, y0], [x1, y1]] = data;
  const [[px0, py0], [px1, py1]] = pixels;
  if (x0 === x1 || y0 === y1) throw new RangeError('transformFrom needs two points that differ in x and in y');
  const scaleX = (px1 - px0) / (x1 - x0);
  const scaleY = (py1 - py0) / (y1 - y0);
  return { scaleX, offsetX: px0 - x0 * scaleX, scaleY, offsetY: py0 - y0 * scaleY };
}

/**
 * Index of the point nearest to (pixelX, pixelY) within `radius` pixels, or null. `points` is
 * count × 2 row-major; `include` can skip points (e.g. classes hidden in the legend).
 */
export function nearestPointIndex(
  points: ArrayLike<number>,
  pixelX: number,
  pixelY: number,
  transform: PixelTransform,
  radius: number,
  include: (index: number) => boolean = () => true,
): number | null {
  let best: number | null = null;
  let bestDistance = radius * radius;
  const count = Math.floor(points.length / 2);
  for (let index = 0; index < count; index++) {
    const dx = (points[2 * index] as number) * transform.scaleX + transform.offsetX - pixelX;
    const dy = (points[2 * index + 1] as number) * transform.scaleY + transform.offsetY - pixelY;
    const distance = dx * dx + dy * dy;
    // `<=` on the radius, strict between candidates: the first of equally near points wins.
    if (distance <= bestDistance && (best === null || distance < bestDistance) && include(index)) {
      best = index;
      bestDistance = distance;
    }
  }
  return best;
}
