/** KL weight schedules as plain numbers of the step, so the training loop and the UI agree on β. */
import type { ObjectiveConfig } from '../../shared/config';

/** The schedule as the run config's schema defines it (shared/config.ts). */
export type KlSchedule = ObjectiveConfig['klSchedule'];

/**
 * β at a given optimizer step (counted from 0).
 * - constant: betaMax throughout.
 * - linear warm-up (Bowman et al. 2016; Sønderby et al. 2016): 0 at step 0, rising linearly to
 *   betaMax at warmupSteps and held there. warmupSteps = 0 means no warm-up.
 * - cyclical (Fu et al. 2019, "Cyclical Annealing Schedule"): training is cut into cycles of
 *   cycleSteps; within each, τ = (step mod cycleSteps) / cycleSteps, and β rises linearly from 0 at
 *   τ = 0 to betaMax at τ = rampFraction, then holds betaMax for the rest of the cycle. Restarting
 *   at 0 lets the decoder learn to use z again each time the KL pressure is lifted.
 */
export function klWeight(schedule: KlSchedule, betaMax: number, step: number): number {
  if (!Number.isFinite(betaMax) || betaMax < 0) throw new RangeError(`klWeight: betaMax must be finite and ≥ 0, got ${betaMax}`);
  if (!Number.isFinite(step) || step < 0) throw new RangeError(`klWeight: step must be finite and ≥ 0, got ${step}`);
  switch (schedule.kind) {
    case 'constant':
      return betaMax;
    case 'linear': {
      const { warmupSteps } = schedule;
      if (!Number.isFinite(warmupSteps) || warmupSteps < 0) {
        throw new RangeError(`klWeight: linear warmupSteps must be finite and ≥ 0, got ${warmupSteps}`);
      }
      if (warmupSteps === 0) return betaMax;
      return betaMax * Math.min(1, step / warmupSteps);
    }
    case 'cyclical': {
      const { cycleSteps, rampFraction } = schedule;
      if (!Number.isFinite(cycleSteps) || cycleSteps <= 0) {
        throw new RangeError(`klWeight: cyclical cycleSteps must be finite and > 0, got ${cycleSteps}`);
      }
      if (!(rampFraction > 0 && rampFraction <= 1)) {
        throw new RangeError(`klWeight: cyclical rampFraction must be in (0, 1], got ${rampFraction}`);
      }
      const tau = (step % cycleSteps) / cycleSteps;
      return betaMax * Math.min(1, tau / rampFraction);
    }
  }
}
