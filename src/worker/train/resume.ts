/**
 * Whether a checkpoint can continue under a given config. Exact resume needs the same model, data,
 * objective, optimizer settings and seed; what may change is how long to train (optim.epochs),
 * evaluation, reporting and the backend.
 */
import type { RunConfig } from '../../shared/config';
import type { DatasetInfo } from '../../shared/dataset';
import type { CheckpointManifest } from '../checkpoint/format';

const MAY_CHANGE = new Set(['optim.epochs', 'eval', 'reportEverySteps', 'backend']);

export function checkResumeCompatible(manifest: CheckpointManifest, config: RunConfig, dataset: DatasetInfo, source: string): void {
  const differences = differingPaths(manifest.config, config, '').filter((p) => ![...MAY_CHANGE].some((allowed) => p === allowed || p.startsWith(`${allowed}.`)));
  if (differences.length > 0) {
    throw new Error(`${source}: cannot resume, the config differs from the checkpoint's in ${differences.join(', ')}`);
  }
  if (manifest.dataset.contentHash !== dataset.contentHash) {
    throw new Error(`${source}: cannot resume, the checkpoint was trained on different data (dataset content hash differs)`);
  }
  if (manifest.progress.epoch > config.optim.epochs) {
    throw new Error(`${source}: the checkpoint has already trained ${manifest.progress.epoch} epochs; optim.epochs is ${config.optim.epochs}`);
  }
}

function differingPaths(a: unknown, b: unknown, prefix: string): string[] {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) =>
      differingPaths((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], prefix === '' ? key : `${prefix}.${key}`),
    );
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix];
}
