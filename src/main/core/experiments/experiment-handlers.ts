/** The WorkbenchApi's experiment methods: sweeps, the collapse doctor, the experiment view's data, and run lineage. */
import type { WorkbenchMethods } from '../../../shared/api';
import type { ApiHandlers } from '../api-dispatcher';
import type { RunStore } from '../store/run-store';
import type { ExperimentService } from './experiment-service';

type ExperimentMethod = Extract<keyof WorkbenchMethods, 'listExperiments' | 'getExperiment' | 'createSweep' | 'runDoctor' | 'getLineage'>;

export function createExperimentHandlers(store: RunStore, experiments: ExperimentService): Pick<ApiHandlers, ExperimentMethod> {
  return {
    listExperiments: async () => store.experiments.list(),
    getExperiment: async ({ id }) => experiments.detail(id),
    createSweep: async (params) => experiments.createSweep(params),
    runDoctor: async (params) => experiments.createDoctor(params),
    getLineage: async ({ runId }) => {
      store.getRun(runId);
      return store.experiments.lineage(runId);
    },
  };
}
