/** A run's stored evaluations of one kind, ascending by epoch, older records filled in (evaluation-compat). */
import { parseRunConfig } from '../../../shared/config';
import { normalizeEvaluation } from '../../../shared/evaluation-compat';
import { likelihoodAccounting } from '../../../shared/likelihood-accounting';
import type { EpochEvaluation } from '../../../shared/training-report';
import type { RunStore } from '../store/run-store';

export function storedEvaluations(store: Pick<RunStore, 'getRun' | 'listSnapshots' | 'getSnapshot'>, runId: string, kind: string): EpochEvaluation[] {
  const accounting = likelihoodAccounting(parseRunConfig(store.getRun(runId).config));
  return store
    .listSnapshots(runId, kind)
    .sort((a, b) => a.epoch - b.epoch)
    .map((info) => normalizeEvaluation(store.getSnapshot(runId, kind, info.epoch).data as EpochEvaluation, accounting));
}
