/**
 * The run config: ONE plain object that fully describes a training run, stored with the run so it
 * can be reproduced (nanoGPT's way: plain values, no classes). The zod schema fills defaults and
 * validates at the API boundary; `validateRunConfig` turns a bad input into one message per field.
 * Each section's fields are in config-sections.ts; this file joins them, adds the rules that tie
 * fields of different sections together, and holds the presets.
 */
import { z } from 'zod';
import { dataSchema, diagnosticsSchema, evalSchema, modelSchema, objectiveSchema, optimSchema, positiveInt } from './config-sections';

export { BINARIZATIONS, KL_SCHEDULE_KINDS, LIKELIHOODS, type Likelihood } from './config-sections';

export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'cpu-blas', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

const runConfigObject = z.strictObject({
  data: dataSchema.prefault({}),
  model: modelSchema.prefault({}),
  objective: objectiveSchema.prefault({}),
  optim: optimSchema.prefault({}),
  eval: evalSchema.prefault({}),
  diagnostics: diagnosticsSchema.prefault({}),
  /** Step metrics are read back from the device and streamed once per this many steps. */
  reportEverySteps: positiveInt('reportEverySteps', 100_000).default(50),
  /** One seed fixes initialisation, shuffling and every noise draw. */
  seed: z
    .number({ error: 'seed must be a number' })
    .int({ error: 'seed must be a whole number' })
    .min(0, { error: 'seed must be ≥ 0' })
    .max(0xffffffff, { error: 'seed must fit in 32 bits' })
    .default(1),
  backend: z.enum(BACKEND_PREFERENCES, { error: `backend must be one of ${BACKEND_PREFERENCES.join(', ')}` }).default('auto'),
});

/** Rules that tie fields together; they run once every field has the right type. */
export const runConfigSchema = runConfigObject.superRefine((config, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const { model, objective, data } = config;
  if (model.kind === 'vq-vae' && objective.kind === 'iwae') {
    issue(['objective', 'kind'], 'a VQ-VAE has a deterministic encoder: use objective "elbo" (the IWAE bound needs a stochastic one)');
  }
  if (objective.kind === 'iwae') {
    if (objective.beta !== 1) issue(['objective', 'beta'], 'the IWAE bound has no KL weight: beta must be 1 with objective "iwae"');
    if (objective.klSchedule.kind !== 'constant') issue(['objective', 'klSchedule'], 'the IWAE bound has no KL weight to schedule: use "constant"');
    if (objective.freeBits !== 0) issue(['objective', 'freeBits'], 'free bits apply to the ELBO\'s KL term only: set 0 with objective "iwae"');
  }
  if (data.dequantize && model.likelihood !== 'gaussian') {
    issue(['data', 'dequantize'], `dequantization is for a continuous (Gaussian) density; the ${model.likelihood} likelihood models discrete pixels already`);
  }
  if (data.dequantize && data.binarization !== 'none') {
    issue(['data', 'dequantize'], 'dequantization needs grey levels: set binarization to "none"');
  }
  if (model.likelihood === 'discretized-logistic' && data.binarization !== 'none') {
    issue(['data', 'binarization'], 'the discretized logistic models 256 grey levels: set binarization to "none"');
  }
  if (model.decoder === 'pixelcnn' && model.kind !== 'vae') {
    issue(['model', 'decoder'], 'the PixelCNN decoder is built for a Gaussian-latent VAE: use kind "vae"');
  }
  if (model.decoder === 'pixelcnn' && model.likelihood === 'gaussian') {
    issue(['model', 'likelihood'], 'the PixelCNN decoder models discrete pixels: use "bernoulli" (binary or grey) or "discretized-logistic" (colour)');
  }
  if (config.diagnostics.gradientSnrEvery > 0 && (model.kind !== 'vae' || objective.kind !== 'elbo')) {
    issue(['diagnostics', 'gradientSnrEvery'], 'the gradient SNR measures the ELBO\'s reparameterization estimator: it needs kind "vae" and objective "elbo"');
  }
  if (model.architecture === 'conv' && model.hidden.length < 2) {
    issue(['model', 'hidden'], 'a conv model needs at least one convolution stage and a dense width, e.g. [16, 32, 256]');
  }
});

export type RunConfig = z.output<typeof runConfigSchema>;
/** What a caller may pass: every field optional, defaults filled in by the schema. */
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type ModelConfig = RunConfig['model'];
export type ObjectiveConfig = RunConfig['objective'];
export type OptimConfig = RunConfig['optim'];
export type EvalConfig = RunConfig['eval'];
export type DiagnosticsConfig = RunConfig['diagnostics'];

export interface ConfigIssue {
  /** Dotted path of the field, e.g. "optim.lr" or "model.hidden.1". */
  path: string;
  message: string;
}

export type ConfigValidation = { ok: true; config: RunConfig } | { ok: false; issues: ConfigIssue[] };

/** Parses and fills defaults; on failure one issue per bad field (unknown keys each get their own). */
export function validateRunConfig(input: unknown): ConfigValidation {
  const result = runConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  const issues: ConfigIssue[] = [];
  for (const zodIssue of result.error.issues) {
    const base = zodIssue.path.map(String);
    if (zodIssue.code === 'unrecognized_keys') {
      for (const key of zodIssue.keys) issues.push({ path: [...base, key].join('.'), message: `unknown field "${key}"` });
    } else {
      issues.push({ path: base.length > 0 ? base.join('.') : '(config)', message: zodIssue.message });
    }
  }
  return { ok: false, issues };
}

/** Parses or throws one Error listing every issue, for callers that hold a config they trust. */
export function parseRunConfig(input: unknown): RunConfig {
  const validation = validateRunConfig(input);
  if (validation.ok) return validation.config;
  throw new Error(`invalid run config: ${validation.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
}

export const PRESET_NAMES = ['mnist-vae', 'mnist-2d', 'collapse-demo', 'beta-vae', 'iwae', 'vq-vae', 'conv-vae', 'pixelcnn-vae'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export interface Preset {
  name: PresetName;
  title: string;
  description: string;
  config: RunConfig;
}

const MNIST = { source: 'idx', name: 'mnist', download: true } as const;

const presetInputs: Record<PresetName, { title: string; description: string; input: RunConfigInput }> = {
  'mnist-vae': {
    title: 'MNIST VAE (the PyTorch example)',
    description: '784-400-20 MLP, Bernoulli decoder on grey levels, Adam 1e-3, batch 128: pytorch/examples vae/main.py.',
    input: { data: { dataset: MNIST }, model: { hidden: [400], latentDim: 20 }, optim: { lr: 1e-3, batchSize: 128, epochs: 10 } },
  },
  'mnist-2d': {
    title: 'MNIST, 2-D latent space',
    description: 'The same model with two latent dimensions, so the latent space can be drawn directly.',
    input: { data: { dataset: MNIST }, model: { hidden: [400], latentDim: 2 }, optim: { epochs: 10 } },
  },
  'collapse-demo': {
    title: 'Posterior collapse demo',
    description:
      'A 64-dimensional latent space under β = 8 with a wide two-layer decoder: a nat of KL costs eight nats of reconstruction, so the encoder puts almost every dimension on the prior from the first epoch and only one or two carry information. Watch the per-dimension KL, the collapse flags and the active units.',
    input: {
      data: { dataset: MNIST },
      model: { hidden: [512, 512], latentDim: 64 },
      objective: { beta: 8 },
      optim: { epochs: 10 },
    },
  },
  'beta-vae': {
    title: 'β-VAE (β = 4)',
    description: 'Higgins et al. 2017: a heavier KL weight for more disentangled, blurrier codes; 10 latent dimensions, β warmed up over 2,000 steps.',
    input: {
      data: { dataset: MNIST },
      model: { hidden: [512, 256], latentDim: 10 },
      objective: { beta: 4, klSchedule: { kind: 'linear', warmupSteps: 2000 } },
      optim: { epochs: 10 },
    },
  },
  iwae: {
    title: 'IWAE (K = 5)',
    description: 'Burda et al. 2015: the importance-weighted bound with 5 samples, two 200-unit layers, 50 latent dimensions, dynamically binarized MNIST.',
    input: {
      data: { dataset: MNIST, binarization: 'dynamic' },
      model: { hidden: [200, 200], latentDim: 50 },
      objective: { kind: 'iwae', iwaeK: 5 },
      optim: { epochs: 10 },
    },
  },
  'vq-vae': {
    title: 'VQ-VAE',
    description: 'van den Oord et al. 2017: 16 discrete codes per image from a 64-entry codebook of 8-D vectors, straight-through gradients, commitment 0.25.',
    input: {
      data: { dataset: MNIST },
      model: { kind: 'vq-vae', hidden: [400], latentDim: 16, vq: { codebookSize: 64, embeddingDim: 8, commitmentCost: 0.25 } },
      optim: { epochs: 10 },
    },
  },
  'conv-vae': {
    title: 'Convolutional VAE',
    description:
      'Two downsampling stages (space-to-depth, then 3×3 convolutions with 16 and 32 channels) and a 256-unit dense layer; the decoder upsamples back. Adam 3e-3 on batches of 64 with β warmed up over 500 steps: at 1e-3 and 128 it sat at the mean image for its first epochs. Several times slower per image than the MLP on CPU backends.',
    input: {
      data: { dataset: MNIST },
      model: { architecture: 'conv', hidden: [16, 32, 256], latentDim: 16 },
      objective: { klSchedule: { kind: 'linear', warmupSteps: 500 } },
      // Measured on the embedded digits: lr 1e-3, batch 128 was still at the mean image (ELBO -207, 0/16
      // active units) after 2 epochs; lr 3e-3, batch 64, warm-up 500 reached -184 and 16/16 after one.
      optim: { lr: 3e-3, batchSize: 64, epochs: 10 },
    },
  },
  'pixelcnn-vae': {
    title: 'VAE with a PixelCNN decoder',
    description:
      'An MLP encoder (400 units, 16 latent dimensions) and an autoregressive decoder: 5 masked convolutions × 16 channels, each pixel conditioned on the pixels above and to its left and on z, which reaches every layer as one vector (the Conditional PixelCNN\'s way: z can say what to draw, the pixels must say where), on dynamically binarized MNIST at β = 1 with no remedy, Adam 1e-2, batches of 32. A decoder that models the digits from their own pixels is what makes posterior collapse happen in practice: at this learning rate it learns the strokes within the first hundred or so steps, before the encoder has found anything worth its KL, and the code does not come back (it can hang on to a fraction of a nat on some seeds: one of three on the embedded digits kept 0.16 nat). Measured on full MNIST after 2 epochs (validation split): KL 0.003 nat, I(x; z) under 0.001 nat (collapsed, on two seeds), 0 of 16 active units, yet a better ELBO than at Adam 1e-3 (−96.7 with 1.15 nats kept): −95.9 (test −95.3); free bits λ = 0.5 restore 4.1 nats in all 16 dimensions (KL 7.7) at an ELBO of −98.8 (test −98.1), a KL warm-up over the first epoch 1.2 nats (KL 1.3, 3 dimensions) at −94.8 (test −94.1). Images are decoded pixel by pixel.',
    input: {
      data: { dataset: MNIST, binarization: 'dynamic' },
      // Measured on the embedded digits, 3 epochs, β = 1, validation (I(x; z) by the same-sample estimator): at
      // Adam 1e-3 every decoder tried kept some code (this one: I(x; z) 0.45 nat, KL 0.70, ELBO −102.3;
      // residual 6 × 16 with 5×5 kernels, or 12 × 16, reaching 13–14 rows up: 0.81 and 0.46 nat, no less);
      // 3e-3 → 0.32 nat, KL 0.35 (ELBO −98.9); 5e-3 → 0.17 nat, KL 0.20; 1e-2 → KL 0.04 and 0.005 on seeds 1
      // and 2 (I(x; z) 0.02 and 0.0003: collapsed), ELBO −97.8 and −98.6, but seed 3 kept 0.16 nat (KL 0.22,
      // weak); 2e-2 → the encoder grabs 6–90 nats in the first steps and keeps ~0.4. The remedies at 1e-2,
      // seed 1: free bits λ = 0.5 → 3.1 nats, KL 6.3, ELBO −102.4; a KL warm-up over half the steps → 0.34
      // nat, KL 0.37, ELBO −98.3. Full MNIST at 1e-3 (2 epochs) kept 1.15 nats, KL 1.18, ELBO −96.7.
      model: { hidden: [400], latentDim: 16, decoder: 'pixelcnn', pixelcnn: { layers: 5, channels: 16, conditioning: 'global' } },
      optim: { lr: 1e-2, batchSize: 32, epochs: 5 },
    },
  },
};

export const PRESETS: Record<PresetName, Preset> = Object.fromEntries(
  PRESET_NAMES.map((name) => {
    const { title, description, input } = presetInputs[name];
    return [name, { name, title, description, config: parseRunConfig(input) }];
  }),
) as Record<PresetName, Preset>;

/** The defaults alone: embedded MNIST and the mnist-vae model. */
export function defaultRunConfig(): RunConfig {
  return parseRunConfig({});
}
