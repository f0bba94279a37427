/**
 * The dataset on the device: uploaded once, batches gathered there by index (a shuffled index
 * tensor per epoch), so a training step never copies images from the host. Binarization and
 * dequantization follow the config: static ones are applied before upload, dynamic ones per batch
 * on the device with a per-step seed. Which rows train and which evaluate: data/evaluation-splits.ts.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import { dynamicBinarize, staticBinarize } from '../data/binarize';
import { dequantize } from '../data/dequantize';
import type { ImageDataset } from '../data/image-dataset';
import type { EvaluationSplit } from '../../shared/training-report';
import { binarizedTargets, EVAL_ORDER_SEED, EVAL_TARGET_SEEDS, evaluationOrder, pixelsPerImage, runSplits, type SplitRows, TRAIN_SUBSET_POINTS } from '../data/evaluation-splits';
import { Random } from '../random';
import { deriveSeed, STREAM } from './seeds';

export interface EvaluationTargets<Split extends EvaluationSplit | 'train-subset' = EvaluationSplit | 'train-subset'> {
  split: Split;
  count: number;
  pixels: number;
  /** [count, pixels]: what the likelihood scores (binarized / dequantized once with a constant seed when the run's data is). */
  x: tf.Tensor2D;
}

export interface DeviceData {
  trainCount: number;
  /** Points of the per-epoch evaluation split (capped by eval.maxHeldOut, in a fixed shuffled order). */
  heldOutCount: number;
  /** Which split the per-epoch evaluation uses: validation, or test when the run holds none out. */
  heldOutSplit: EvaluationSplit;
  pixels: number;
  /** [trainCount, pixels]; statically binarized when the config says so. */
  train: tf.Tensor2D;
  /** [heldOutCount, pixels], the per-epoch evaluation targets, fixed for the whole run and across seeds. */
  heldOut: tf.Tensor2D;
  /** The same tensor as `heldOut`, as the evaluation's targets. */
  heldOutTargets: EvaluationTargets<EvaluationSplit>;
  heldOutLabels: Int32Array;
  /** Host copy of the held-out pixels as loaded (grey levels), for reconstruction pictures. */
  heldOutImages: Float32Array;
  /** A fixed subset of the training data as evaluation targets, for the generalisation gap. */
  trainSubset: EvaluationTargets<'train-subset'>;
  dispose(): void;
}

export function uploadDataset(dataset: ImageDataset, config: RunConfig): DeviceData {
  const { info } = dataset;
  const pixels = pixelsPerImage(dataset);
  const splits = runSplits(dataset, config.data.validationFraction);
  const trainCount = splits.train.labels.length;
  const testCount = dataset.testLabels.length;
  if (trainCount === 0 || testCount === 0) {
    throw new Error(`dataset "${info.name}" needs both training and held-out images (has ${trainCount} and ${testCount})`);
  }
  const heldOutRows = evaluationOrder(splits.epochRows, pixels, config.eval.maxHeldOut);
  const trainValues =
    config.data.binarization === 'static' ? staticBinarize(splits.train.images, deriveSeed(config.seed, STREAM.staticBinarization, 0)) : splits.train.images;
  const train = tf.tensor2d(trainValues, [trainCount, pixels]);
  const heldOut = uploadTargets(heldOutRows.images, pixels, config, splits.epochSplit);
  const subsetIndices = new Random(EVAL_ORDER_SEED).permutation(trainCount).subarray(0, Math.min(TRAIN_SUBSET_POINTS, trainCount));
  const trainSubset = trainSubsetTargets(train, subsetIndices, config);
  return {
    trainCount,
    heldOutCount: heldOutRows.labels.length,
    heldOutSplit: splits.epochSplit,
    pixels,
    train,
    heldOut: heldOut.x,
    heldOutTargets: heldOut,
    heldOutLabels: heldOutRows.labels,
    heldOutImages: heldOutRows.images,
    trainSubset,
    dispose: () => {
      train.dispose();
      heldOut.x.dispose();
      trainSubset.x.dispose();
    },
  };
}

/**
 * Evaluation targets for one split, uploaded when a run ends (test) or on request; `points` 0 takes
 * all of them, otherwise the first ones in the fixed evaluation order.
 */
export function uploadSplitTargets(
  rows: SplitRows,
  pixels: number,
  config: RunConfig,
  split: EvaluationSplit,
  points: number,
): { targets: EvaluationTargets<EvaluationSplit>; labels: Int32Array } {
  const ordered = evaluationOrder(rows, pixels, points);
  return { targets: uploadTargets(ordered.images, pixels, config, split), labels: ordered.labels };
}

/** Grey levels in, the likelihood's targets on the device out (one constant-seed draw per split). */
function uploadTargets(images: Float32Array, pixels: number, config: RunConfig, split: EvaluationSplit): EvaluationTargets<EvaluationSplit> {
  const count = images.length / pixels;
  const raw = tf.tensor2d(binarizedTargets(images, config, split), [count, pixels]);
  if (!config.data.dequantize) return { split, count, pixels, x: raw };
  const noisy = tf.tidy(() => dequantize(raw, EVAL_TARGET_SEEDS[split]) as tf.Tensor2D);
  raw.dispose();
  return { split, count, pixels, x: noisy };
}

/**
 * Training points as the model sees them: rows of the (statically binarized) training tensor, with a
 * dynamic binarization or dequantization drawn once with a constant seed.
 */
function trainSubsetTargets(train: tf.Tensor2D, indices: Int32Array, config: RunConfig): EvaluationTargets<'train-subset'> {
  const [, pixels] = train.shape;
  const x = tf.tidy(() => {
    const rows = tf.gather(train, tf.tensor1d(indices, 'int32')) as tf.Tensor2D;
    const seed = EVAL_TARGET_SEEDS['train-subset'];
    if (config.data.binarization === 'dynamic') return dynamicBinarize(rows, seed) as tf.Tensor2D;
    if (config.data.dequantize) return dequantize(rows, seed) as tf.Tensor2D;
    return rows;
  });
  return { split: 'train-subset', count: indices.length, pixels, x };
}

/** The epoch's visiting order, a seeded permutation (a function of seed and epoch only). */
export function epochOrder(seed: number, epoch: number, count: number): tf.Tensor1D {
  return tf.tensor1d(new Random(deriveSeed(seed, STREAM.shuffle, epoch)).permutation(count), 'int32');
}

/** One training batch: gathered on the device, then binarized or dequantized per step if asked. */
export function trainingBatch(data: DeviceData, order: tf.Tensor1D, start: number, size: number, config: RunConfig, step: number): tf.Tensor2D {
  return tf.tidy(() => {
    const batch = tf.gather(data.train, tf.slice(order, [start], [size])) as tf.Tensor2D;
    const seed = deriveSeed(config.seed, STREAM.dataNoise, step);
    if (config.data.binarization === 'dynamic') return dynamicBinarize(batch, seed) as tf.Tensor2D;
    if (config.data.dequantize) return dequantize(batch, seed) as tf.Tensor2D;
    return batch;
  });
}
