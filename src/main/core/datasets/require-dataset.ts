/** createRun's gate: a run is only created when its dataset is on disk or can be downloaded now. */
import { WorkbenchError } from '../../../shared/errors';
import type { CreateRunParams } from '../runs/run-service';
import { resolveRunConfig } from '../runs/resolve-config';
import { datasetAvailability, unavailableMessage, type UrlProbe } from './dataset-availability';

export async function requireDatasetAvailable(params: CreateRunParams, cacheDir: string, probe: UrlProbe): Promise<void> {
  // An invalid config is refused here with the same per-field issues createRun would give.
  const spec = resolveRunConfig(params.preset, params.config).data.dataset;
  const availability = await datasetAvailability(spec, cacheDir, probe);
  if (availability.state === 'unavailable') throw new WorkbenchError({ code: 'BAD_REQUEST', message: unavailableMessage(spec, availability) });
}
