/**
 * The tile pyramid (see schema/v4-metric-series-and-tiles.ts): level L summarises the points of one
 * series in aligned step windows [k·2^L, (k+1)·2^L). This file computes tiles for a batch of new
 * points in JavaScript, which is how appends keep the pyramid current without re-reading rows.
 */

export const FIRST_TILE_LEVEL = 4;
/**
 * 2^16 steps: a batch updates one tile per level, so every level costs writes; above this, reads would
 * gain nothing below a billion steps (a 2,000-bucket query then still groups at most ~15,000 tiles).
 */
export const TOP_TILE_LEVEL = 16;
export const TILE_LEVELS: readonly number[] = Array.from(
  { length: TOP_TILE_LEVEL - FIRST_TILE_LEVEL + 1 },
  (_, index) => FIRST_TILE_LEVEL + index,
);

export interface Tile {
  level: number;
  start: number;
  count: number;
  nanCount: number;
  /** Over non-NaN values; null when every value is NaN. */
  min: number | null;
  max: number | null;
  firstStep: number;
  lastStep: number;
}

/** Start of the level-L window holding `step` (steps are non-negative integers below 2^53). */
export function tileStart(step: number, level: number): number {
  const width = 2 ** level;
  return Math.floor(step / width) * width;
}

/** Tiles of every level for points sorted by strictly increasing step. */
export function tilesOfSortedPoints(points: readonly { step: number; value: number }[]): Tile[] {
  let current = firstLevelTiles(points);
  const all = [...current];
  for (const level of TILE_LEVELS.slice(1)) {
    current = mergeIntoLevel(current, level);
    all.push(...current);
  }
  return all;
}

function firstLevelTiles(points: readonly { step: number; value: number }[]): Tile[] {
  const tiles: Tile[] = [];
  let tile: Tile | undefined;
  for (const { step, value } of points) {
    const start = tileStart(step, FIRST_TILE_LEVEL);
    if (tile === undefined || tile.start !== start) {
      tile = { level: FIRST_TILE_LEVEL, start, count: 0, nanCount: 0, min: null, max: null, firstStep: step, lastStep: step };
      tiles.push(tile);
    }
    tile.count += 1;
    tile.lastStep = step;
    if (Number.isNaN(value)) {
      tile.nanCount += 1;
    } else {
      tile.min = tile.min === null || value < tile.min ? value : tile.min;
      tile.max = tile.max === null || value > tile.max ? value : tile.max;
    }
  }
  return tiles;
}

function mergeIntoLevel(children: readonly Tile[], level: number): Tile[] {
  const tiles: Tile[] = [];
  let tile: Tile | undefined;
  for (const child of children) {
    const start = tileStart(child.start, level);
    if (tile === undefined || tile.start !== start) {
      tile = { ...child, level, start };
      tiles.push(tile);
      continue;
    }
    tile.count += child.count;
    tile.nanCount += child.nanCount;
    tile.lastStep = child.lastStep;
    tile.min = lesser(tile.min, child.min);
    tile.max = greater(tile.max, child.max);
  }
  return tiles;
}

function lesser(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return b < a ? b : a;
}

function greater(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return b > a ? b : a;
}
