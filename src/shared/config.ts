/**
 * The run config: ONE plain object that fully describes a training run, stored with the run so it
 * can be reproduced (nanoGPT's way: plain values, no classes). The zod schema fills defaults and
 * validates at the API boundary; `validateRunConfig` turns a bad input into one message per field.
 */
import { z } from 'zod';
import { datasetSpecSchema } from './dataset';

export const BACKEND_PREFERENCES = ['auto', 'tensorflow-gpu', 'tensorflow', 'cpu-blas', 'wasm', 'cpu'] as const;
export type BackendPreference = (typeof BACKEND_PREFERENCES)[number];

export const LIKELIHOODS = ['bernoulli', 'gaussian', 'discretized-logistic'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

const positiveInt = (field: string, max: number) =>
  z
    .number({ error: `${field} must be a number` })
    .int({ error: `${field} must be a whole number` })
    .min(1, { error: `${field} must be at least 1` })
    .max(max, { error: `${field} must be at most ${max}` });

const nonNegative = (field: string) =>
  z
    .number({ error: `${field} must be a number` })
    .min(0, { error: `${field} must be ≥ 0` })
    .refine(Number.isFinite, { error: `${field} must be finite` });

/** Same shape as KlSchedule in worker/objectives/schedules.ts (shared cannot import the worker). */
const klScheduleSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('constant') }),
    z.strictObject({
      kind: z.literal('linear'),
      warmupSteps: z.number().int({ error: 'warmupSteps must be a whole number of steps' }).min(0, { error: 'warmupSteps must be ≥ 0' }),
    }),
    z.strictObject({
      kind: z.literal('cyclical'),
      cycleSteps: positiveInt('cycleSteps', 10_000_000),
      rampFraction: z
        .number({ error: 'rampFraction must be a number' })
        .gt(0, { error: 'rampFraction must be > 0' })
        .max(1, { error: 'rampFraction must be ≤ 1' }),
    }),
  ],
  { error: 'klSchedule.kind must be "constant", "linear" or "cyclical"' },
);

const dataSchema = z.strictObject({
  dataset: datasetSpecSchema.default({ source: 'embedded-mnist' }),
  binarization: z.enum(['none', 'static', 'dynamic'], { error: 'binarization must be "none", "static" or "dynamic"' }).default('none'),
  /** Uniform noise on 8-bit levels, for a continuous (Gaussian) density on discrete pixels. */
  dequantize: z.boolean({ error: 'dequantize must be true or false' }).default(false),
  /**
   * Share of the training data held out for per-epoch evaluation and model selection (stratified,
   * fixed per dataset, not per run seed); 1/12 holds out 5,000 of MNIST's 60,000. 0 trains on all
   * of it and evaluates every epoch on the test set, as pytorch/examples does.
   */
  validationFraction: z.number({ error: 'validationFraction must be a number' }).min(0, { error: 'validationFraction must be in [0, 0.5]' }).max(0.5, { error: 'validationFraction must be in [0, 0.5]' }).default(1 / 12),
});

const vqSchema = z.strictObject({
  codebookSize: z
    .number({ error: 'codebookSize must be a number' })
    .int({ error: 'codebookSize must be a whole number' })
    .min(2, { error: 'codebookSize must be at least 2 codes' })
    .max(4096, { error: 'codebookSize must be at most 4096 codes' })
    .default(64),
  /** Dimension of each code vector; the encoder emits latentDim such vectors per image. */
  embeddingDim: positiveInt('embeddingDim', 256).default(8),
  /** β of the commitment loss (van den Oord et al. 2017 use 0.25). */
  commitmentCost: nonNegative('commitmentCost').default(0.25),
});

/**
 * The autoregressive (PixelCNN-style) decoder: a first masked convolution of type A (7×7), then
 * `layers − 1` masked 3×3 convolutions of type B, `channels` wide, each conditioned on z.
 * Fewer or narrower layers make it weaker (less able to model the data without z).
 */
const pixelcnnSchema = z.strictObject({
  /** Masked convolution layers, the first (mask A) included. */
  layers: positiveInt('pixelcnn.layers', 16).default(5),
  channels: positiveInt('pixelcnn.channels', 256).default(32),
  /**
   * How z reaches the stack: 'spatial', a feature map from z added at every position (PixelVAE;
   * z can place each stroke, which keeps it useful); 'global', one vector per layer, the same at
   * every position (Conditional PixelCNN, VLAE; z says what, the pixels say where). 'spatial' is
   * the default so runs stored before this field keep their model.
   */
  conditioning: z.enum(['spatial', 'global'], { error: 'pixelcnn.conditioning must be "spatial" or "global"' }).default('spatial'),
  /** How images are decoded pixel by pixel: each pixel drawn from its distribution, or its most likely value. */
  decoding: z.enum(['sample', 'most-likely'], { error: 'pixelcnn.decoding must be "sample" or "most-likely"' }).default('sample'),
});

const modelSchema = z.strictObject({
  kind: z.enum(['vae', 'vq-vae'], { error: 'kind must be "vae" or "vq-vae"' }).default('vae'),
  /**
   * 'factorized': every pixel independent given z (the MLP or conv decoder); 'pixelcnn': an
   * autoregressive decoder (each pixel also conditioned on the pixels before it), see `pixelcnn`.
   */
  decoder: z.enum(['factorized', 'pixelcnn'], { error: 'decoder must be "factorized" or "pixelcnn"' }).default('factorized'),
  pixelcnn: pixelcnnSchema.prefault({}),
  architecture: z.enum(['mlp', 'conv'], { error: 'architecture must be "mlp" or "conv"' }).default('mlp'),
  /**
   * mlp: widths of the hidden dense layers (the decoder mirrors them).
   * conv: channels of each downsampling stage (space-to-depth + 3×3 conv), then the width of one dense layer.
   */
  hidden: z
    .array(positiveInt('each hidden width', 4096), { error: 'hidden must be a list of layer widths' })
    .min(1, { error: 'hidden needs at least one layer' })
    .max(6, { error: 'hidden may have at most 6 layers' })
    .default([400]),
  latentDim: positiveInt('latentDim', 256).default(20),
  likelihood: z.enum(LIKELIHOODS, { error: `likelihood must be one of ${LIKELIHOODS.join(', ')}` }).default('bernoulli'),
  /** Gaussian likelihood only: one learned σ shared by all pixels, or a fixed σ. */
  gaussianSigma: z
    .union([z.literal('learned'), z.number().gt(0).max(10)], { error: 'gaussianSigma must be "learned" or a number in (0, 10]' })
    .default('learned'),
  vq: vqSchema.prefault({}),
});

const objectiveSchema = z.strictObject({
  kind: z.enum(['elbo', 'iwae'], { error: 'objective kind must be "elbo" or "iwae"' }).default('elbo'),
  /** Importance samples per example for the IWAE training bound. */
  iwaeK: positiveInt('iwaeK', 64).default(5),
  /** Maximum KL weight (β-VAE); the schedule ramps towards it. */
  beta: nonNegative('beta').default(1),
  klSchedule: klScheduleSchema.default({ kind: 'constant' }),
  /** Free bits λ, nats per latent dimension; 0 turns them off. */
  freeBits: nonNegative('freeBits').default(0),
});

const optimSchema = z.strictObject({
  lr: z.number({ error: 'lr must be a number' }).gt(0, { error: 'lr must be > 0' }).refine(Number.isFinite, { error: 'lr must be finite' }).default(1e-3),
  beta1: z.number({ error: 'beta1 must be a number' }).min(0, { error: 'beta1 must be in [0, 1)' }).lt(1, { error: 'beta1 must be in [0, 1)' }).default(0.9),
  beta2: z.number({ error: 'beta2 must be a number' }).min(0, { error: 'beta2 must be in [0, 1)' }).lt(1, { error: 'beta2 must be in [0, 1)' }).default(0.999),
  batchSize: positiveInt('batchSize', 4096).default(128),
  epochs: positiveInt('epochs', 10_000).default(10),
  /** Global gradient-norm clip; null turns clipping off (the norm is still reported). */
  gradClipNorm: z.number({ error: 'gradClipNorm must be a number or null' }).gt(0, { error: 'gradClipNorm must be > 0 (or null for no clipping)' }).nullable().default(null),
  /** Clamp the encoder's log σ² to [−30, 20] so exp() cannot overflow. */
  logVarClamp: z.boolean({ error: 'logVarClamp must be true or false' }).default(true),
});

/**
 * Evaluation budget. With MNIST (60k train, 10k test) the defaults cost about a fifth of an epoch:
 * the one-sample ELBO over the whole held-out set (~10k decoder passes), IWAE with K = 50 on 500
 * points (25k decoder passes), against ~180k forward-equivalents for an epoch (forward + backward).
 */
const evalSchema = z.strictObject({
  every: positiveInt('every', 10_000).default(1),
  iwaeK: positiveInt('iwaeK', 5000).default(50),
  iwaePoints: z.number().int({ error: 'iwaePoints must be a whole number' }).min(0, { error: 'iwaePoints must be ≥ 0 (0 skips the IWAE bound)' }).max(100_000).default(500),
  /** Held-out points whose μ goes into the latent-space snapshot (also the MI estimate's sample). */
  latentPoints: positiveInt('latentPoints', 2000).default(2000),
  /** Cap on held-out points for the ELBO and diagnostics; 0 means the whole test set. */
  maxHeldOut: z.number().int({ error: 'maxHeldOut must be a whole number' }).min(0, { error: 'maxHeldOut must be ≥ 0' }).default(0),
});

/**
 * Diagnostics measured while training, each at a cost of its own and off by default: the run's
 * numbers do not change with them (their noise has its own stream), only its time.
 */
const diagnosticsSchema = z.strictObject({
  /**
   * Every this many steps, the gradient SNR of the training estimator on the step's batch (see
   * GradientSnr): `gradientSnrEstimates` extra gradient computations each time; 0 = off.
   */
  gradientSnrEvery: z
    .number({ error: 'gradientSnrEvery must be a number' })
    .int({ error: 'gradientSnrEvery must be a whole number' })
    .min(0, { error: 'gradientSnrEvery must be ≥ 0 (0 turns it off)' })
    .max(1_000_000, { error: 'gradientSnrEvery must be at most 1000000' })
    .default(0),
  /** R: gradient estimates the SNR's mean and sd are taken over. */
  gradientSnrEstimates: z
    .number({ error: 'gradientSnrEstimates must be a number' })
    .int({ error: 'gradientSnrEstimates must be a whole number' })
    .min(2, { error: 'gradientSnrEstimates must be at least 2 (a standard deviation needs two)' })
    .max(64, { error: 'gradientSnrEstimates must be at most 64' })
    .default(8),
});

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
      'An MLP encoder (400 units, 16 latent dimensions) and an autoregressive decoder: 5 masked convolutions × 16 channels, each pixel conditioned on the pixels above and to its left and on z, which reaches every layer as one vector (the Conditional PixelCNN\'s way: z can say what to draw, the pixels must say where), on dynamically binarized MNIST at β = 1 with no remedy, Adam 1e-3, batches of 32. A decoder that models the digits from their own pixels is what makes posterior collapse happen in practice: watch I(x; z), the KL and the collapse verdict fall as the decoder improves, against free bits or a KL warm-up. On the embedded digits after 2 epochs the code was weak, not yet collapsed (I(x; z) ≈ 0.35 nat, KL 0.7–1.7 nats); with a spatial map from z instead, 2–3 nats and 6–8 nats. Images are decoded pixel by pixel.',
    input: {
      data: { dataset: MNIST, binarization: 'dynamic' },
      // Measured on the embedded digits, 2 epochs, β = 1: z as a spatial map (PixelVAE) 5 × 32 kept
      // I(x; z) ≈ 2–3 nats, KL 6–8; as one vector per layer 5 × 32 → 0.36 nat, KL 1.7 (ELBO −119);
      // 5 × 16 at batch 32 (encoder 64 units, 8 dims) → 0.34 nat, KL 0.73 (ELBO −102); 7 × 16 no quicker.
      model: { hidden: [400], latentDim: 16, decoder: 'pixelcnn', pixelcnn: { layers: 5, channels: 16, conditioning: 'global' } },
      optim: { batchSize: 32, epochs: 5 },
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
