/**
 * Image resizing for the folder importer, one axis at a time (both filters are separable):
 * - shrinking: area averaging — each output pixel is the mean of the source area it covers,
 *   partial source pixels weighted by their overlap, so no detail is skipped (no aliasing from
 *   point sampling);
 * - enlarging: bilinear interpolation with pixel centres at (i + 0.5), edges clamped
 *   (the align_corners=false convention of PIL, OpenCV and tf.image.resizeBilinear).
 */

/** For each output index, the source indices it reads and their weights (summing to 1). */
interface AxisTap {
  indices: number[];
  weights: number[];
}

export function axisTaps(sourceSize: number, targetSize: number): AxisTap[] {
  if (sourceSize < 1 || targetSize < 1) throw new RangeError(`cannot resize ${sourceSize} pixels to ${targetSize}`);
  return Array.from({ length: targetSize }, (_, j) =>
    targetSize < sourceSize ? areaTap(j, sourceSize / targetSize) : bilinearTap(j, sourceSize, targetSize),
  );
}

function areaTap(j: number, scale: number): AxisTap {
  const start = j * scale;
  const end = (j + 1) * scale;
  const tap: AxisTap = { indices: [], weights: [] };
  for (let i = Math.floor(start); i < end; i++) {
    const overlap = Math.min(end, i + 1) - Math.max(start, i);
    if (overlap > 1e-12) {
      tap.indices.push(i);
      tap.weights.push(overlap / scale);
    }
  }
  return tap;
}

function bilinearTap(j: number, sourceSize: number, targetSize: number): AxisTap {
  const x = Math.min(Math.max((j + 0.5) * (sourceSize / targetSize) - 0.5, 0), sourceSize - 1);
  const i0 = Math.floor(x);
  const i1 = Math.min(i0 + 1, sourceSize - 1);
  const t = x - i0;
  return t === 0 || i1 === i0 ? { indices: [i0], weights: [1] } : { indices: [i0, i1], weights: [1 - t, t] };
}

/** Resizes an HWC image of `channels` channels from height×width to targetHeight×targetWidth. */
export function resizeImage(
  source: Float32Array,
  height: number,
  width: number,
  channels: number,
  targetHeight: number,
  targetWidth: number,
): Float32Array {
  if (height === targetHeight && width === targetWidth) return source.slice();
  const columnTaps = axisTaps(width, targetWidth);
  const rowTaps = axisTaps(height, targetHeight);
  // Pass 1: every source row to the target width.
  const wide = new Float32Array(height * targetWidth * channels);
  for (let y = 0; y < height; y++) {
    columnTaps.forEach((tap, x) => {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        tap.indices.forEach((i, k) => (sum += (tap.weights[k] as number) * (source[(y * width + i) * channels + c] as number)));
        wide[(y * targetWidth + x) * channels + c] = sum;
      }
    });
  }
  // Pass 2: every column of that to the target height.
  const out = new Float32Array(targetHeight * targetWidth * channels);
  rowTaps.forEach((tap, y) => {
    for (let x = 0; x < targetWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        tap.indices.forEach((i, k) => (sum += (tap.weights[k] as number) * (wide[(i * targetWidth + x) * channels + c] as number)));
        out[(y * targetWidth + x) * channels + c] = sum;
      }
    }
  });
  return out;
}
