/**
 * Evaluations recorded before the validation split and the information-based verdict lack fields
 * the UI now reads. They were all computed on the test set; their IWAE number was reported as an NLL
 * whatever the likelihood (and without the dequantization offset), so it stays an NLL only where the
 * run's likelihood is a discrete one, and their verdict is rebuilt from
 * the stored MI and Burda variances (their MI used at most 2,000 points, the default of the time).
 */
import { collapseVerdict } from './collapse-verdict';
import type { LikelihoodAccounting } from './likelihood-accounting';
import type { EpochEvaluation, IwaeEstimate } from './training-report';

const LEGACY_MI_POINTS = 2000;

type LegacyIwae = Partial<IwaeEstimate> & Pick<IwaeEstimate, 'k' | 'points' | 'bound'>;
type StoredEvaluation = Omit<EpochEvaluation, 'split' | 'elboStdErr' | 'iwae' | 'posteriorVariance' | 'verdict' | 'trainSubset'> &
  Partial<Pick<EpochEvaluation, 'split' | 'elboStdErr' | 'posteriorVariance' | 'verdict' | 'trainSubset'>> & { iwae: LegacyIwae | null };

export function normalizeEvaluation(stored: StoredEvaluation, accounting: LikelihoodAccounting): EpochEvaluation {
  if (stored.split !== undefined && stored.verdict !== undefined && stored.iwae?.boundStdErr !== undefined) return stored as EpochEvaluation;
  const points = Math.min(LEGACY_MI_POINTS, stored.heldOutPoints);
  const verdict =
    stored.verdict ??
    (stored.mutualInformation === null || points < 2
      ? null
      : collapseVerdict({ mutualInformation: stored.mutualInformation, points, totalKl: stored.kl, variances: stored.activeUnits.variances }));
  const legacyNllValid = accounting.isLikelihood && accounting.offsetNatsPerDim === 0;
  const iwae: IwaeEstimate | null =
    stored.iwae === null
      ? null
      : {
          k: stored.iwae.k,
          points: stored.iwae.points,
          bound: stored.iwae.bound,
          boundStdErr: stored.iwae.boundStdErr ?? Number.NaN,
          elbo: stored.iwae.elbo ?? Number.NaN,
          elboStdErr: stored.iwae.elboStdErr ?? Number.NaN,
          nll: legacyNllValid ? (stored.iwae.nll ?? null) : null,
          bitsPerDim: legacyNllValid ? (stored.iwae.bitsPerDim ?? null) : null,
        };
  return {
    ...stored,
    split: stored.split ?? 'test',
    elboStdErr: stored.elboStdErr ?? Number.NaN,
    iwae,
    posteriorVariance: stored.posteriorVariance ?? [],
    verdict,
    trainSubset: stored.trainSubset ?? null,
  };
}
