import { describe, expect, it } from 'vitest';
import { klWeight, type KlSchedule } from '../../../../src/worker/objectives/schedules';

describe('klWeight', () => {
  it('constant: betaMax at every step', () => {
    for (const step of [0, 1, 10_000]) expect(klWeight({ kind: 'constant' }, 4, step)).toBe(4);
  });

  it('linear: 0 at step 0, betaMax·step/warmup on the way, betaMax from warmupSteps on', () => {
    const schedule: KlSchedule = { kind: 'linear', warmupSteps: 1000 };
    expect(klWeight(schedule, 2, 0)).toBe(0);
    expect(klWeight(schedule, 2, 250)).toBeCloseTo(0.5, 12);
    expect(klWeight(schedule, 2, 500)).toBeCloseTo(1, 12);
    expect(klWeight(schedule, 2, 1000)).toBe(2);
    expect(klWeight(schedule, 2, 5000)).toBe(2);
    expect(klWeight({ kind: 'linear', warmupSteps: 0 }, 2, 0)).toBe(2);
  });

  it('cyclical (Fu et al. 2019): ramps over rampFraction of each cycle, holds betaMax, restarts at 0', () => {
    const schedule: KlSchedule = { kind: 'cyclical', cycleSteps: 1000, rampFraction: 0.5 };
    const expected: [number, number][] = [
      [0, 0],
      [100, 0.2],
      [250, 0.5],
      [500, 1],
      [750, 1],
      [999, 1],
      [1000, 0],
      [1250, 0.5],
      [2100, 0.2],
      [2600, 1],
    ];
    for (const [step, beta] of expected) expect(klWeight(schedule, 1, step)).toBeCloseTo(beta, 12);
    expect(klWeight({ kind: 'cyclical', cycleSteps: 100, rampFraction: 1 }, 3, 50)).toBeCloseTo(1.5, 12);
  });

  it('rejects impossible schedules and steps with a message naming the field', () => {
    expect(() => klWeight({ kind: 'linear', warmupSteps: -1 }, 1, 0)).toThrow(/warmupSteps/);
    expect(() => klWeight({ kind: 'cyclical', cycleSteps: 0, rampFraction: 0.5 }, 1, 0)).toThrow(/cycleSteps/);
    expect(() => klWeight({ kind: 'cyclical', cycleSteps: 10, rampFraction: 0 }, 1, 0)).toThrow(/rampFraction/);
    expect(() => klWeight({ kind: 'constant' }, -1, 0)).toThrow(/betaMax/);
    expect(() => klWeight({ kind: 'constant' }, 1, -5)).toThrow(/step/);
  });
});
