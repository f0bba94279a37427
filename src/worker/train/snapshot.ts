/**
 * Per-epoch pictures of the model: the latent space of held-out points (with a 2-D projection),
 * reconstructions, samples from the prior, and one traversal strip per latent dimension.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { EpochSnapshot, LatentSnapshot } from '../../shared/training-report';
import { pca2d } from '../diagnostics/pca';
import type { Model } from '../models/model';
import { Random } from '../random';
import type { DeviceData } from './device-data';
import type { HeldOutEncoding } from './evaluate';
import { tileImages } from './image-grid';
import { decodeImages } from './latent-decoder';
import { deriveSeed, STREAM } from './seeds';

const RECONSTRUCTIONS = 16;
const GRID_COLUMNS = 8;
const PRIOR_SAMPLES = 64;
/** Traversals for at most this many dimensions (the ones with the most KL), to keep snapshots small. */
export const MAX_TRAVERSAL_DIMS = 32;
/** The same for an autoregressive decoder, whose images are decoded pixel by pixel. */
export const MAX_AUTOREGRESSIVE_TRAVERSAL_DIMS = 8;
const TRAVERSAL_VALUES = [-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3];

export async function takeSnapshot(
  model: Model,
  data: DeviceData,
  encoding: HeldOutEncoding,
  config: RunConfig,
  epoch: number,
  step: number,
): Promise<EpochSnapshot> {
  return {
    epoch,
    step,
    latent: latentSnapshot(encoding, data.heldOutLabels),
    reconstructions: await reconstructions(model, data, config),
    priorSamples: await priorSamples(model, config),
    traversals: model.kind === 'vae' ? await traversals(model, encoding, config) : null,
  };
}

function latentSnapshot(encoding: HeldOutEncoding, labels: Int32Array): LatentSnapshot {
  const { latent, dim, count } = encoding;
  const base = { dim, count, mu: latent, labels: labels.slice(0, count) };
  if (dim === 2) return { ...base, projection: latent.slice(), projectionKind: 'identity', explainedVarianceRatio: null };
  if (dim === 1) {
    const projection = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) projection[2 * i] = latent[i] as number;
    return { ...base, projection, projectionKind: 'pad', explainedVarianceRatio: null };
  }
  const pca = pca2d(latent, count, dim);
  return { ...base, projection: pca.projected, projectionKind: 'pca', explainedVarianceRatio: pca.explainedVarianceRatio };
}

/** Decoded images of latents [count, dim] (disposed here); an autoregressive decoder's draws come from (run seed, what, epoch-independent). */
async function decodeAndDispose(model: Model, z: tf.Tensor2D, config: RunConfig, what: number): Promise<Float32Array> {
  try {
    return await decodeImages(model, z, deriveSeed(config.seed, STREAM.priorSamples, what));
  } finally {
    z.dispose();
  }
}

/** Rows alternate: 8 held-out originals, their 8 reconstructions, the next 8 originals, … */
async function reconstructions(model: Model, data: DeviceData, config: RunConfig): Promise<EpochSnapshot['reconstructions']> {
  const count = Math.min(RECONSTRUCTIONS, data.heldOutCount);
  const code = tf.tidy(() => {
    const x = tf.slice(data.heldOut, [0, 0], [count, data.pixels]);
    return model.kind === 'vae' ? model.encode(x).mu : model.quantizer.quantize(model.encode(x)).zq;
  });
  const recon = await decodeAndDispose(model, code, config, 1);
  const originals = data.heldOutImages;
  const p = data.pixels;
  const rows = Math.ceil(count / GRID_COLUMNS);
  const tiles = new Float32Array(rows * 2 * GRID_COLUMNS * p);
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / GRID_COLUMNS);
    const col = i % GRID_COLUMNS;
    tiles.set(originals.subarray(i * p, (i + 1) * p), (row * 2 * GRID_COLUMNS + col) * p);
    tiles.set(recon.subarray(i * p, (i + 1) * p), ((row * 2 + 1) * GRID_COLUMNS + col) * p);
  }
  return tileImages(tiles, rows * 2 * GRID_COLUMNS, model.image, GRID_COLUMNS);
}

/** The same prior draws every epoch (seeded), so the UI shows one set of samples evolving. */
async function priorSamples(model: Model, config: RunConfig): Promise<EpochSnapshot['priorSamples']> {
  const random = new Random(deriveSeed(config.seed, STREAM.priorSamples, 0));
  const z = tf.tidy(() => {
    if (model.kind === 'vae') {
      const values = Float32Array.from({ length: PRIOR_SAMPLES * model.latentDim }, () => random.normal());
      return tf.tensor2d(values, [PRIOR_SAMPLES, model.latentDim]);
    }
    // The VQ-VAE's prior is uniform over codes: draw each slot's code independently.
    const { slots, size } = model.quantizer;
    const codes = Int32Array.from({ length: PRIOR_SAMPLES * slots }, () => random.int(size));
    return model.quantizer.lookup(tf.tensor2d(codes, [PRIOR_SAMPLES, slots], 'int32'));
  });
  return tileImages(await decodeAndDispose(model, z, config, 2), PRIOR_SAMPLES, model.image, GRID_COLUMNS);
}

/**
 * Row r sweeps dimension dims[r] over TRAVERSAL_VALUES with the other dimensions at the first
 * held-out point's μ. With more than MAX_TRAVERSAL_DIMS dimensions, the highest-KL ones are shown.
 */
async function traversals(model: Extract<Model, { kind: 'vae' }>, encoding: HeldOutEncoding, config: RunConfig): Promise<NonNullable<EpochSnapshot['traversals']>> {
  const d = model.latentDim;
  const maxDims = model.autoregressive === null ? MAX_TRAVERSAL_DIMS : MAX_AUTOREGRESSIVE_TRAVERSAL_DIMS;
  const byKl = Array.from({ length: d }, (_, j) => j).sort((a, b) => (encoding.klPerDim[b] ?? 0) - (encoding.klPerDim[a] ?? 0) || a - b);
  const dims = (d <= maxDims ? byKl : byKl.slice(0, maxDims)).sort((a, b) => a - b);
  const base = encoding.latent.subarray(0, d);
  const steps = TRAVERSAL_VALUES.length;
  const z = new Float32Array(dims.length * steps * d);
  dims.forEach((dim, r) => {
    TRAVERSAL_VALUES.forEach((value, c) => {
      const row = (r * steps + c) * d;
      z.set(base, row);
      z[row + dim] = value;
    });
  });
  const images = await decodeAndDispose(model, tf.tensor2d(z, [dims.length * steps, d]), config, 3);
  const grid = tileImages(images, dims.length * steps, model.image, steps);
  return { dims, values: TRAVERSAL_VALUES, grid };
}
