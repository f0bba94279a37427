/** How a caller tunes one runTraining call beyond the run's config (where files go, limits, hooks). */
import type { BackendSelectionOptions } from '../backend/select-backend';
import type { ImageDataset } from '../data/image-dataset';
import type { LatentDecoder } from './latent-decoder';

export interface RunTrainingOptions {
  /** Folder for this run's checkpoints; none are written without it. */
  checkpointDir?: string;
  /** Checkpoints kept in checkpointDir (newest first); default 2. */
  keepCheckpoints?: number;
  /** A checkpoint folder to continue from; config must match it except for epochs, eval, reporting and backend. */
  resumeFrom?: string;
  /** Use this dataset instead of loading config.data.dataset (tests, benchmarks, a host that caches). */
  dataset?: ImageDataset;
  /** Cache folder for downloadable datasets. */
  cacheDir?: string;
  /** End the run (status 'stopped', with a checkpoint) once this many optimizer steps are done. */
  maxSteps?: number;
  /**
   * Also report once this many milliseconds have passed since the last report, whatever
   * reportEverySteps says, so a slow model shows its progress and ETA early; default 1000.
   */
  reportEveryMs?: number;
  /** Per-epoch evaluation and snapshots; default true. */
  evaluate?: boolean;
  /** Receives decode(zs) over the live model once it exists; valid until runTraining returns. */
  onDecoderReady?: (decoder: LatentDecoder) => void;
  backend?: BackendSelectionOptions;
}
