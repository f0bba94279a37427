/** Shared test helpers: a subset of the embedded MNIST digits and small configs that train in seconds. */
import { parseRunConfig, type RunConfig, type RunConfigInput } from '../../../../src/shared/config';
import type { TrainingReport } from '../../../../src/shared/training-report';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { loadDataset } from '../../../../src/worker/data/load-dataset';
import { gatherLabels, gatherRows } from '../../../../src/worker/data/split';

let embedded: Promise<ImageDataset> | null = null;

/**
 * `train` training and `test` held-out digits of the embedded MNIST set, evenly spaced through it:
 * the set is sorted by class, so a prefix would hold only the first few digits.
 */
export async function mnistSubset(train: number, test: number): Promise<ImageDataset> {
  embedded ??= loadDataset({ source: 'embedded-mnist' });
  const full = await embedded;
  const pixels = full.info.height * full.info.width * full.info.channels;
  const spread = (count: number, total: number) => Int32Array.from({ length: count }, (_, i) => Math.floor((i * total) / count));
  const trainIndices = spread(train, full.trainLabels.length);
  const testIndices = spread(test, full.testLabels.length);
  return {
    info: { ...full.info, name: `${full.info.name}-subset`, trainCount: train, testCount: test, contentHash: `${full.info.contentHash}:${train}:${test}` },
    trainImages: gatherRows(full.trainImages, pixels, trainIndices),
    trainLabels: gatherLabels(full.trainLabels, trainIndices),
    testImages: gatherRows(full.testImages, pixels, testIndices),
    testLabels: gatherLabels(full.testLabels, testIndices),
  };
}

/** Deep-merged over a small, fast MLP VAE on the CPU backend with a cheap evaluation. */
export function smallConfig(overrides: RunConfigInput = {}): RunConfig {
  const base: RunConfigInput = {
    backend: 'cpu',
    // Evaluate each epoch on the test rows, as before the validation split, unless a test asks for one.
    data: { validationFraction: 0 },
    model: { hidden: [32], latentDim: 4 },
    optim: { batchSize: 32, epochs: 1 },
    eval: { iwaeK: 5, iwaePoints: 20, latentPoints: 100, maxHeldOut: 100 },
    reportEverySteps: 5,
    seed: 7,
  };
  return parseRunConfig(merge(base, overrides));
}

function merge(base: unknown, over: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof over !== 'object' || over === null || Array.isArray(over)) {
    return over === undefined ? base : over;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over)) out[key] = merge(out[key], value);
  return out;
}

/** A sink that keeps every report, with typed accessors. */
export function recordingSink() {
  const reports: TrainingReport[] = [];
  const of = <T extends TrainingReport['type']>(type: T) => reports.filter((r): r is Extract<TrainingReport, { type: T }> => r.type === type);
  return {
    reports,
    sink: (report: TrainingReport) => {
      reports.push(report);
    },
    of,
    losses: () => of('metrics').flatMap((r) => r.steps.map((p) => p.loss)),
  };
}
