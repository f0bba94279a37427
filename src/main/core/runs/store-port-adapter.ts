/** The RunStore as the narrow port the run service uses. */
import type { RunSummary } from '../../../shared/runs';
import type { RunStore } from '../store/run-store';
import type { RunServiceStore } from './run-store-port';

export function runServicePort(store: RunStore): RunServiceStore {
  return {
    transaction: (work) => store.transaction(work),
    createRun: (input) => store.createRun(input),
    getRun: (id) => store.getRun(id),
    setStatus: (id, status) => store.updateStatus(id, status),
    setError: (id, error) => store.setError(id, error),
    setEnvironment: (id, environment) => store.setEnvironment(id, environment),
    updateSummary: (id, summary: RunSummary) => store.setSummary(id, { ...store.getRun(id).summary, ...summary }),
    deleteRun: (id) => store.deleteRun(id),
    appendMetrics: (runId, points) => void store.appendMetrics(runId, points),
    saveSnapshots: (inputs) => void store.saveSnapshots(inputs),
    listSnapshots: (runId, kind) => store.listSnapshots(runId, kind),
    getSnapshot: (runId, kind, epoch) => store.getSnapshot(runId, kind, epoch),
    addCheckpoint: (checkpoint) => store.addCheckpoint(checkpoint),
    listCheckpoints: (runId) => store.listCheckpoints(runId),
    removeCheckpoint: (runId, step) => store.removeCheckpoint(runId, step),
    appendLog: (runId, line) => store.appendLog(runId, line),
    markInterrupted: () => store.markInterrupted(),
  };
}
