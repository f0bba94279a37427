/**
 * What the run service needs from the store: RunStore's own verbs, picked. Keeping it to this narrow
 * port lets the service be read (and tested) without the whole RunStore surface in view.
 */
import type { RunStore } from '../store/run-store';

export type RunServiceStore = Pick<
  RunStore,
  | 'transaction'
  | 'createRun'
  | 'getRun'
  | 'setStatus'
  | 'setError'
  | 'setEnvironment'
  | 'mergeSummary'
  | 'deleteRun'
  | 'appendMetrics'
  | 'saveSnapshots'
  | 'listSnapshots'
  | 'getSnapshot'
  | 'addCheckpoint'
  | 'listCheckpoints'
  | 'removeCheckpoint'
  | 'appendLog'
  | 'markInterrupted'
>;
