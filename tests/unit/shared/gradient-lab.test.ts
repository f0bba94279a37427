/** The lab's shared pure parts: sample-count parsing and the SNR noise floor. */
import { describe, expect, it } from 'vitest';
import { parseSampleCounts, snrNoiseFloor } from '../../../src/shared/gradient-lab';
import { Random } from '../../../src/worker/random';

describe('gradient lab, shared parts', () => {
  it('parses sample counts, sorted and unique, and names a bad entry', () => {
    expect(parseSampleCounts('16, 1,4,4')).toEqual([1, 4, 16]);
    expect(() => parseSampleCounts('1,,4')).toThrow('""');
    expect(() => parseSampleCounts('1,0')).toThrow('"0"');
    expect(() => parseSampleCounts('2.5')).toThrow('"2.5"');
  });

  it('the SNR noise floor is what a signal-free coordinate shows with R estimates', () => {
    const random = new Random(3);
    const R = 32;
    let sum = 0;
    const trials = 20_000;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: R }, () => random.normal());
      const mean = xs.reduce((a, b) => a + b, 0) / R;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (R - 1));
      sum += Math.abs(mean) / sd;
    }
    expect(sum / trials).toBeCloseTo(snrNoiseFloor(R), 2);
  });
});
