/**
 * Every random draw of a run is a pure function of (run seed, stream, position): the epoch's
 * shuffle, each step's ε and binarization, the evaluation's ε. Nothing carries generator state
 * from one step to the next, so a checkpoint only needs the position to resume the exact stream,
 * and a step's noise does not depend on how many draws came before it.
 */

/** Independent streams; the numbers are arbitrary but fixed forever (they define the run). */
export const STREAM = {
  shuffle: 1,
  latentNoise: 2,
  dataNoise: 3,
  evalNoise: 4,
  evalData: 5,
  mutualInformation: 6,
  priorSamples: 7,
  staticBinarization: 8,
  gradientSnr: 9,
} as const;

/** murmur3's 32-bit finalizer: a bijective mix, so distinct inputs give well-spread seeds. */
function mix(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** A uint32 seed for (runSeed, stream, ...position). */
export function deriveSeed(runSeed: number, stream: number, ...position: number[]): number {
  let h = mix(runSeed ^ 0x9e3779b9);
  for (const part of [stream, ...position]) {
    // Split each part into 32-bit halves so step counts beyond 2^32 still change the seed.
    h = mix(h ^ mix((part >>> 0) + 0x7f4a7c15));
    h = mix(h ^ Math.floor(part / 4294967296));
  }
  return h;
}
