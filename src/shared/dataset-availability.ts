/**
 * Whether a run's dataset can be had before the run is created: already on disk ('cached'), to be
 * fetched ('downloadable': its server answered just now), or neither ('unavailable', e.g. offline).
 */
import type { IdxDatasetName } from './dataset';

export type DatasetAvailabilityState = 'cached' | 'downloadable' | 'unavailable';

export interface DatasetAvailability {
  state: DatasetAvailabilityState;
  /** One sentence: where the data is, or why it cannot be had. */
  detail: string;
}

/** The datasets the New run form offers by name, each with its availability on this host. */
export interface DatasetChoiceAvailability extends DatasetAvailability {
  choice: 'embedded-mnist' | IdxDatasetName;
}

export const AVAILABILITY_LABELS: Record<DatasetAvailabilityState, string> = {
  cached: 'cached',
  downloadable: 'downloadable',
  unavailable: 'not available',
};
