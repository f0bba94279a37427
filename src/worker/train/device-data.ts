/**
 * The dataset on the device: uploaded once, batches gathered there by index (a shuffled index
 * tensor per epoch), so a training step never copies images from the host. Binarization and
 * dequantization follow the config: static ones are applied before upload, dynamic ones per batch
 * on the device with a per-step seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import { dynamicBinarize, staticBinarize } from '../data/binarize';
import { dequantize } from '../data/dequantize';
import type { ImageDataset } from '../data/image-dataset';
import { gatherLabels, gatherRows } from '../data/split';
import { Random } from '../random';
import { deriveSeed, STREAM } from './seeds';

/**
 * Held-out points are visited in one fixed shuffled order, the same for every run on a dataset
 * (a constant, not the run's seed, so runs evaluate the same points and compare). Test sets can be
 * sorted by class (the embedded digits are); without this, "the first 500 points" for the IWAE
 * bound, the latent snapshot or the maxHeldOut cap would all be zeros.
 */
export const HELD_OUT_ORDER_SEED = 0x5eed;

export interface DeviceData {
  trainCount: number;
  /** Held-out points used for evaluation (the test set, capped by eval.maxHeldOut, in a fixed shuffled order). */
  heldOutCount: number;
  pixels: number;
  /** [trainCount, pixels]; statically binarized when the config says so. */
  train: tf.Tensor2D;
  /**
   * [heldOutCount, pixels], the evaluation targets. Fixed for the whole run, so epochs compare:
   * with dynamic binarization it is one seeded binarization, with dequantization one seeded draw.
   */
  heldOut: tf.Tensor2D;
  heldOutLabels: Int32Array;
  /** Host copy of the held-out pixels as loaded (grey levels), for reconstruction pictures. */
  heldOutImages: Float32Array;
  dispose(): void;
}

export function uploadDataset(dataset: ImageDataset, config: RunConfig): DeviceData {
  const { info } = dataset;
  const pixels = info.height * info.width * info.channels;
  const trainCount = dataset.trainLabels.length;
  const testCount = dataset.testLabels.length;
  if (trainCount === 0 || testCount === 0) {
    throw new Error(`dataset "${info.name}" needs both training and held-out images (has ${trainCount} and ${testCount})`);
  }
  const heldOutCount = config.eval.maxHeldOut > 0 ? Math.min(config.eval.maxHeldOut, testCount) : testCount;
  const heldOutOrder = new Random(HELD_OUT_ORDER_SEED).permutation(testCount).subarray(0, heldOutCount);
  const heldOutImages = gatherRows(dataset.testImages, pixels, heldOutOrder);
  const { binarization } = config.data;

  const trainValues = binarization === 'static' ? staticBinarize(dataset.trainImages, deriveSeed(config.seed, STREAM.staticBinarization, 0)) : dataset.trainImages;
  let heldOutValues = binarization === 'none' ? heldOutImages : staticBinarize(heldOutImages, deriveSeed(config.seed, STREAM.staticBinarization, 1));

  const train = tf.tensor2d(trainValues, [trainCount, pixels]);
  if (config.data.dequantize) {
    const raw = tf.tensor2d(heldOutValues, [heldOutCount, pixels]);
    const noisy = dequantize(raw, deriveSeed(config.seed, STREAM.evalData, 0));
    heldOutValues = noisy.dataSync() as Float32Array;
    raw.dispose();
    noisy.dispose();
  }
  const heldOut = tf.tensor2d(heldOutValues, [heldOutCount, pixels]);
  return {
    trainCount,
    heldOutCount,
    pixels,
    train,
    heldOut,
    heldOutLabels: gatherLabels(dataset.testLabels, heldOutOrder),
    heldOutImages,
    dispose: () => {
      train.dispose();
      heldOut.dispose();
    },
  };
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
