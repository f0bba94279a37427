/** What a reader must know before comparing a dataset's numbers with published ones. */

/** The embedded digits' own note, wherever their numbers appear. */
export const EMBEDDED_DIGITS_CAVEAT =
  'The embedded digits are the 10,000 images of MNIST’s test set (split 9,000 train / 1,000 test here): their numbers do not compare with results on MNIST’s 60k/10k split.';

export function datasetCaveat(datasetName: string | null | undefined): string | null {
  return datasetName === 'mnist-embedded' || datasetName?.startsWith('mnist-embedded') ? EMBEDDED_DIGITS_CAVEAT : null;
}
