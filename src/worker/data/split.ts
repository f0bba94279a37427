/**
 * The deterministic, stratified train/test split used for datasets that do not come with one
 * (embedded MNIST, image folders).
 */
import { Random } from '../random';

export interface SplitIndices {
  /** Ascending, so the training set keeps the source order (the training loop shuffles anyway). */
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/**
 * How many items of each class go to the test set: round(n·fraction) in total, shared out by the
 * largest-remainder method so every class gets its proportional share ±1 (ties go to the lower
 * class index, to stay deterministic).
 */
export function testQuotas(classCounts: readonly number[], testFraction: number): number[] {
  const total = classCounts.reduce((sum, count) => sum + count, 0);
  const target = Math.round(total * testFraction);
  const exact = classCounts.map((count) => count * testFraction);
  const quotas = exact.map((value) => Math.floor(value));
  let missing = target - quotas.reduce((sum, q) => sum + q, 0);
  // Remainders are compared at 1e-9 so float noise (15·0.1 vs 5·0.1) cannot break a true tie.
  const byRemainder = exact
    .map((value, c) => ({ c, remainder: Math.round((value - Math.floor(value)) * 1e9) }))
    .sort((x, y) => y.remainder - x.remainder || x.c - y.c);
  for (const { c } of byRemainder) {
    if (missing <= 0) break;
    if ((quotas[c] as number) < (classCounts[c] as number)) {
      quotas[c] = (quotas[c] as number) + 1;
      missing--;
    }
  }
  return quotas;
}

/**
 * Splits item indices so each class contributes its quota to the test set; which items of a class
 * are held out is a seeded shuffle, so a fixed seed gives a fixed split on every machine.
 */
export function stratifiedSplit(labels: Int32Array, classCount: number, testFraction: number, seed: number): SplitIndices {
  const members: number[][] = Array.from({ length: classCount }, () => []);
  labels.forEach((label, i) => {
    const list = members[label];
    if (list === undefined) throw new RangeError(`label ${label} at item ${i} is outside 0..${classCount - 1}`);
    list.push(i);
  });
  const quotas = testQuotas(
    members.map((list) => list.length),
    testFraction,
  );
  const random = new Random(seed);
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((list, c) => {
    random.shuffle(list);
    const quota = quotas[c] as number;
    // Loops, not push(...spread): a spread of a big class would overflow the argument limit.
    for (let k = 0; k < list.length; k++) (k < quota ? test : train).push(list[k] as number);
  });
  const ascending = (a: number, b: number) => a - b;
  return { trainIndices: Int32Array.from(train.sort(ascending)), testIndices: Int32Array.from(test.sort(ascending)) };
}

/** Copies the rows named by `indices` out of a row-major array with `rowSize` values per row. */
export function gatherRows(source: Float32Array, rowSize: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * rowSize);
  indices.forEach((row, i) => out.set(source.subarray(row * rowSize, (row + 1) * rowSize), i * rowSize));
  return out;
}

export function gatherLabels(labels: Int32Array, indices: Int32Array): Int32Array {
  return indices.map((i) => labels[i] as number);
}
