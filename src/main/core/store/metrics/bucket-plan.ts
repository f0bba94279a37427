/**
 * How a step range is cut into at most N buckets, and which tile level can answer it.
 *
 * Buckets are aligned windows of `width` steps: bucket k covers [k·width, (k+1)·width). With
 * width ≥ (to − from)/(N − 1) the range touches at most N of them. When width is a multiple of a tile
 * level's 2^L, every tile of that level lies inside one bucket, so grouping tiles gives exactly the
 * same min, max, count and first/last step as grouping the points would (series-reader.ts). We pick
 * the coarsest level that needs rounding width up by at most 25%, which leaves at least 0.8·N
 * buckets while reading 1–8 tiles per bucket instead of every point.
 */
import { FIRST_TILE_LEVEL, TOP_TILE_LEVEL } from './tile-levels';

export const DEFAULT_BUCKETS = 2000;
export const MIN_BUCKETS = 2;
export const MAX_BUCKETS = 100_000;
const MAX_WIDTH_ROUNDING = 1.25;

export interface BucketPlan {
  /** Steps per bucket. */
  width: number;
  /** Tile level to read, or null to group the points themselves (short ranges). */
  level: number | null;
}

export function planBuckets(fromStep: number, toStep: number, buckets: number): BucketPlan {
  const minimumWidth = Math.max(1, Math.ceil((toStep - fromStep) / (buckets - 1)));
  for (let level = Math.min(TOP_TILE_LEVEL, Math.floor(Math.log2(minimumWidth))); level >= FIRST_TILE_LEVEL; level--) {
    const tileWidth = 2 ** level;
    const width = Math.ceil(minimumWidth / tileWidth) * tileWidth;
    if (width <= minimumWidth * MAX_WIDTH_ROUNDING) return { width, level };
  }
  return { width: minimumWidth, level: null };
}
