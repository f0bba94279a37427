/**
 * The collapse doctor's children: from THIS run's config, one remedy each that applies to it, plus
 * the unchanged config as the control, all on the same data, seeds and (short) budget. Each remedy
 * changes exactly one config field, so a difference from the control is that remedy's doing.
 */
import type { RunConfig } from '../config';
import type { CollapseVerdict } from '../collapse-verdict';
import { withPath } from './config-paths';

export interface Remedy {
  id: 'warmup' | 'cyclical' | 'free-bits' | 'beta' | 'lr' | 'latent' | 'decoder-sigma' | 'weaker-decoder';
  /** What a researcher reads in the ranking, e.g. "KL warm-up over 600 steps". */
  label: string;
  /** The one field it changes, and to what. */
  path: string;
  value: unknown;
}

export interface DoctorPlan {
  /** The control's config: the run's own, with the doctor's horizon. */
  control: RunConfig;
  remedies: (Remedy & { config: RunConfig })[];
}

export interface DoctorOptions {
  /** Epochs every child trains (short by default: the question is which remedy restores information). */
  epochs: number;
  /** Optimizer steps per epoch on this data, for warm-up lengths. */
  stepsPerEpoch: number;
  /** The run's latest verdict, for the smaller-latent remedy. */
  verdict: CollapseVerdict | null;
}

const round = (value: number) => Number(value.toPrecision(3));

export function doctorRemedies(config: RunConfig, options: DoctorOptions): Remedy[] {
  const remedies: Remedy[] = [];
  const { objective, model, optim } = config;
  const horizonSteps = Math.max(1, options.epochs * options.stepsPerEpoch);
  if (objective.kind === 'elbo' && model.kind === 'vae') {
    if (objective.klSchedule.kind !== 'linear') {
      const warmupSteps = Math.max(1, Math.round(horizonSteps / 2));
      remedies.push({ id: 'warmup', label: `KL warm-up over ${warmupSteps} steps`, path: 'objective.klSchedule', value: { kind: 'linear', warmupSteps } });
    }
    if (objective.klSchedule.kind !== 'cyclical') {
      const cycleSteps = Math.max(2, Math.round(horizonSteps / 2));
      remedies.push({ id: 'cyclical', label: `cyclical annealing, ${cycleSteps}-step cycles`, path: 'objective.klSchedule', value: { kind: 'cyclical', cycleSteps, rampFraction: 0.5 } });
    }
    const lambda = objective.freeBits > 0 ? round(objective.freeBits * 2) : 0.5;
    remedies.push({ id: 'free-bits', label: `free bits λ = ${lambda}`, path: 'objective.freeBits', value: lambda });
    const beta = objective.beta > 1 ? 1 : round(objective.beta / 2);
    remedies.push({ id: 'beta', label: objective.beta > 1 ? 'β = 1 (the ELBO)' : `β = ${beta} (no longer a bound on log p(x))`, path: 'objective.beta', value: beta });
  }
  remedies.push({ id: 'lr', label: `lower lr (${round(optim.lr / 3)})`, path: 'optim.lr', value: round(optim.lr / 3) });
  const active = options.verdict?.activeUnits ?? model.latentDim;
  if (model.kind === 'vae' && active < model.latentDim) {
    const latentDim = Math.max(2, active);
    if (latentDim < model.latentDim) remedies.push({ id: 'latent', label: `smaller latent (${latentDim} dims)`, path: 'model.latentDim', value: latentDim });
  }
  if (model.likelihood === 'gaussian') {
    const sigma = model.gaussianSigma === 'learned' ? 0.1 : round(model.gaussianSigma / 2);
    remedies.push({ id: 'decoder-sigma', label: `decoder σ = ${sigma} (fixed)`, path: 'model.gaussianSigma', value: sigma });
  }
  // Only an autoregressive decoder can model the data without z; a factorized one has no "weaker" to offer.
  if (model.decoder === 'pixelcnn' && model.pixelcnn.layers > 1) {
    const layers = Math.max(1, Math.floor(model.pixelcnn.layers / 2));
    remedies.push({ id: 'weaker-decoder', label: `weaker decoder (${layers} masked layers)`, path: 'model.pixelcnn.layers', value: layers });
  }
  return remedies;
}

export function doctorPlan(config: RunConfig, options: DoctorOptions): DoctorPlan {
  const control = withPath(config, 'optim.epochs', options.epochs);
  return { control, remedies: doctorRemedies(config, options).map((remedy) => ({ ...remedy, config: withPath(control, remedy.path, remedy.value) })) };
}
