/** The last step of every loader: counts and content hash filled in from the arrays themselves. */
import type { DatasetInfo } from '../../shared/dataset';
import { contentHash } from './content-hash';
import type { ImageDataset } from './image-dataset';
import { gatherLabels, gatherRows, stratifiedSplit } from './split';

/** What a loader knows about its data before the arrays are counted and hashed. */
export type DatasetDescription = Omit<DatasetInfo, 'trainCount' | 'testCount' | 'contentHash'>;

export interface DatasetArrays {
  trainImages: Float32Array;
  trainLabels: Int32Array;
  testImages: Float32Array;
  testLabels: Int32Array;
}

export function assembleDataset(description: DatasetDescription, arrays: DatasetArrays): ImageDataset {
  const { height, width, channels } = description;
  const info: DatasetInfo = {
    ...description,
    trainCount: arrays.trainLabels.length,
    testCount: arrays.testLabels.length,
    contentHash: contentHash({ height, width, channels, ...arrays }),
  };
  return { info, ...arrays };
}

/** For sources without an official split: a stratified, seeded split, then `assembleDataset`. */
export function assembleWithSplit(
  description: DatasetDescription,
  images: Float32Array,
  labels: Int32Array,
  testFraction: number,
  seed: number,
): ImageDataset {
  const rowSize = description.height * description.width * description.channels;
  const { trainIndices, testIndices } = stratifiedSplit(labels, description.classNames.length, testFraction, seed);
  return assembleDataset(description, {
    trainImages: gatherRows(images, rowSize, trainIndices),
    trainLabels: gatherLabels(labels, trainIndices),
    testImages: gatherRows(images, rowSize, testIndices),
    testLabels: gatherLabels(labels, testIndices),
  });
}
