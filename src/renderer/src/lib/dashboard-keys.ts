/** The metric keys the run dashboard draws or quotes (the host stores them under these names). */
import { EVAL_KEYS, TRAIN_KEYS } from '../../../shared/metric-keys';

export const DASHBOARD_KEYS: readonly string[] = [
  TRAIN_KEYS.loss,
  TRAIN_KEYS.recon,
  TRAIN_KEYS.kl,
  TRAIN_KEYS.beta,
  TRAIN_KEYS.vqLoss,
  TRAIN_KEYS.samplesPerSec,
  EVAL_KEYS.elbo,
  EVAL_KEYS.recon,
  EVAL_KEYS.kl,
  EVAL_KEYS.nll,
  EVAL_KEYS.activeUnits,
  EVAL_KEYS.mutualInformation,
];

export const DASHBOARD_KEY_SET: ReadonlySet<string> = new Set(DASHBOARD_KEYS);
