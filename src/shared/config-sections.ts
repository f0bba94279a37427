/**
 * The run config's sections, one zod schema each: data, model (with its VQ and PixelCNN parts),
 * objective, optimizer, evaluation budget and diagnostics. config.ts joins them into the run
 * config and adds the rules that tie fields of different sections together.
 */
import { z } from 'zod';
import { BINARIZATIONS, datasetSpecSchema } from './dataset';

export { BINARIZATIONS };

export const LIKELIHOODS = ['bernoulli', 'gaussian', 'discretized-logistic'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

export const positiveInt = (field: string, max: number) =>
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

/** The KL weight's schedule; the worker's klWeight (objectives/schedules.ts) takes this schema's type. */
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

/** The schedule kinds, read off the schema (the New run form offers these). */
export const KL_SCHEDULE_KINDS = klScheduleSchema.options.map((option) => option.shape.kind.value);

export const dataSchema = z.strictObject({
  dataset: datasetSpecSchema.default({ source: 'embedded-mnist' }),
  binarization: z.enum(BINARIZATIONS, { error: 'binarization must be "none", "static" or "dynamic"' }).default('none'),
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
 * `layers − 1` masked `hiddenKernel`×`hiddenKernel` convolutions of type B, `channels` wide, each
 * conditioned on z, optionally with residual connections. Fewer, narrower or smaller layers make
 * it weaker (less able to model the data without z); a larger kernel or more residual layers see
 * further up the image (each layer adds ⌊hiddenKernel / 2⌋ rows).
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
  /**
   * Every mask-B layer's kernel (odd, 3–7). 3 is the default so runs stored before this field keep
   * their model.
   */
  hiddenKernel: z
    .number({ error: 'pixelcnn.hiddenKernel must be a number' })
    .int({ error: 'pixelcnn.hiddenKernel must be a whole number' })
    .min(3, { error: 'pixelcnn.hiddenKernel must be 3, 5 or 7' })
    .max(7, { error: 'pixelcnn.hiddenKernel must be 3, 5 or 7' })
    .refine((k) => k % 2 === 1, { error: 'pixelcnn.hiddenKernel must be odd (3, 5 or 7): a causal mask needs a centre' })
    .default(3),
  /**
   * Residual connections around every mask-B layer, h_l = h_{l−1} + relu(conv_B(h_{l−1}) + m_l), so
   * a deep stack trains (and sees far up the image). false is the default so stored runs keep their model.
   */
  residual: z.boolean({ error: 'pixelcnn.residual must be true or false' }).default(false),
  /** How images are decoded pixel by pixel: each pixel drawn from its distribution, or its most likely value. */
  decoding: z.enum(['sample', 'most-likely'], { error: 'pixelcnn.decoding must be "sample" or "most-likely"' }).default('sample'),
});

export const modelSchema = z.strictObject({
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

export const objectiveSchema = z.strictObject({
  kind: z.enum(['elbo', 'iwae'], { error: 'objective kind must be "elbo" or "iwae"' }).default('elbo'),
  /** Importance samples per example for the IWAE training bound. */
  iwaeK: positiveInt('iwaeK', 64).default(5),
  /** Maximum KL weight (β-VAE); the schedule ramps towards it. */
  beta: nonNegative('beta').default(1),
  klSchedule: klScheduleSchema.default({ kind: 'constant' }),
  /** Free bits λ, nats per latent dimension; 0 turns them off. */
  freeBits: nonNegative('freeBits').default(0),
});

export const optimSchema = z.strictObject({
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
export const evalSchema = z.strictObject({
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
export const diagnosticsSchema = z.strictObject({
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
