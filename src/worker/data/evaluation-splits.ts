/**
 * Which images a run trains on and which it evaluates on. Everything here depends on the dataset
 * and the config's validationFraction, never on the run's seed, so two seeds (or two runs) train
 * and evaluate on exactly the same points and their numbers compare.
 *
 * - validation: a stratified share of the training data (validationFraction), fixed per dataset;
 *   the per-epoch evaluation and "best epoch" use it. With 0, training uses everything and the
 *   per-epoch evaluation uses the test set (pytorch/examples' protocol), labelled "test".
 * - test: the dataset's own test set, evaluated only when a run ends or on request.
 * - train subset: a fixed sample of training points scored with the same estimator as validation,
 *   so the difference is the generalisation gap.
 *
 * Binarized or dequantized evaluation targets are drawn once with constant seeds (one per split).
 * This binarization is ours, made like Salimans & Larochelle's fixed binarized MNIST but not their
 * file: numbers on it compare with each other, not digit-for-digit with papers that used the file.
 */
import type { RunConfig } from '../../shared/config';
import type { EvaluationSplit } from '../../shared/training-report';
import { Random } from '../random';
import { staticBinarize } from './binarize';
import type { ImageDataset } from './image-dataset';
import { gatherLabels, gatherRows, stratifiedSplit } from './split';

/** Fixed forever: changing it changes every run's validation split. */
export const VALIDATION_SPLIT_SEED = 0x7a11d;
/** Evaluation points are visited in one fixed shuffled order (test sets can be sorted by class). */
export const EVAL_ORDER_SEED = 0x5eed;
/** Constant seeds for binarizing / dequantizing evaluation targets, one per split. */
export const EVAL_TARGET_SEEDS: Record<EvaluationSplit | 'train-subset', number> = { validation: 0xb17a, test: 0xb17b, 'train-subset': 0xb17c };
/** Training points scored each epoch for the generalisation gap (at most). */
export const TRAIN_SUBSET_POINTS = 2000;

export interface SplitRows {
  images: Float32Array;
  labels: Int32Array;
}

export interface RunSplits {
  train: SplitRows;
  /** What the per-epoch evaluation uses: validation, or test when validationFraction is 0. */
  epochSplit: EvaluationSplit;
  epochRows: SplitRows;
  test: SplitRows;
}

export function pixelsPerImage(dataset: ImageDataset): number {
  const { height, width, channels } = dataset.info;
  return height * width * channels;
}

/** Train / validation / test rows for a run, deterministic from the dataset and the fraction. */
export function runSplits(dataset: ImageDataset, validationFraction: number): RunSplits {
  const pixels = pixelsPerImage(dataset);
  const test = { images: dataset.testImages, labels: dataset.testLabels };
  const all = { images: dataset.trainImages, labels: dataset.trainLabels };
  if (validationFraction === 0) return { train: all, epochSplit: 'test', epochRows: test, test };
  const { trainIndices, testIndices } = stratifiedSplit(dataset.trainLabels, dataset.info.classNames.length, validationFraction, VALIDATION_SPLIT_SEED);
  if (trainIndices.length === 0 || testIndices.length === 0) {
    throw new Error(
      `validationFraction ${validationFraction} of ${dataset.trainLabels.length} training images leaves ${trainIndices.length} to train on and ${testIndices.length} to validate on; choose a fraction that leaves both non-empty (or 0 to evaluate on the test set)`,
    );
  }
  return {
    train: { images: gatherRows(all.images, pixels, trainIndices), labels: gatherLabels(all.labels, trainIndices) },
    epochSplit: 'validation',
    epochRows: { images: gatherRows(all.images, pixels, testIndices), labels: gatherLabels(all.labels, testIndices) },
    test,
  };
}

/** The first `limit` rows (0: all) of `rows` in the fixed evaluation order. */
export function evaluationOrder(rows: SplitRows, pixels: number, limit: number): SplitRows {
  const count = rows.labels.length;
  const take = limit > 0 ? Math.min(limit, count) : count;
  const order = new Random(EVAL_ORDER_SEED).permutation(count).subarray(0, take);
  return { images: gatherRows(rows.images, pixels, order), labels: gatherLabels(rows.labels, order) };
}

/** Binarized evaluation targets when the run trains on binarized pixels (one constant draw per split). */
export function binarizedTargets(images: Float32Array, config: RunConfig, split: EvaluationSplit | 'train-subset'): Float32Array {
  return config.data.binarization === 'none' ? images : staticBinarize(images, EVAL_TARGET_SEEDS[split]);
}
