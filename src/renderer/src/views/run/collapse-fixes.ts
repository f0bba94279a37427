/**
 * The remedies for a collapsed or weak code, tailored to THIS run's config and model family, with
 * what each changes. Nothing is offered that cannot work here: a "weaker decoder" helps only where
 * the decoder can model the data without z (autoregressive); for a Gaussian decoder the lever is the
 * observation noise σ (Lucas et al. 2019); β < 1 stops being a bound on log p(x).
 */
import type { RunConfig } from '../../../../shared/config';
import { formatMetricValue } from '../../lib/series/format';

export type FixId = 'warmup' | 'free-bits' | 'beta' | 'decoder-sigma' | 'lower-lr' | 'weaker-decoder' | 'codebook';

export interface CollapseFix {
  id: FixId;
  title: string;
  advice: string;
}

const fmt = (value: number): string => formatMetricValue(value, 3);

function warmupFix(config: RunConfig, stepsPerEpoch: number | null): CollapseFix {
  const { objective, optim } = config;
  const schedule = objective.klSchedule;
  if (schedule.kind === 'constant') {
    const warmupEpochs = Math.max(1, Math.min(10, Math.floor(optim.epochs / 3)));
    const steps = stepsPerEpoch ? ` (warmupSteps ≈ ${Math.round(warmupEpochs * stepsPerEpoch)} here)` : '';
    const span = warmupEpochs === 1 ? 'the first epoch' : `the first ${warmupEpochs} epochs`;
    return {
      id: 'warmup',
      title: 'KL annealing',
      advice:
        `This run uses β = ${fmt(objective.beta)} from the first step with no warm-up, so the full KL price is charged before the decoder has learned to use z. ` +
        `Try a linear warm-up from β = 0 over ${span}${steps}, or a cyclical schedule.`,
    };
  }
  if (schedule.kind === 'linear') {
    const epochsOfWarmup = stepsPerEpoch ? ` (about ${fmt(schedule.warmupSteps / stepsPerEpoch)} epochs)` : '';
    return {
      id: 'warmup',
      title: 'KL annealing',
      advice:
        `β already warms up linearly over ${schedule.warmupSteps} steps${epochsOfWarmup}. ` +
        'A longer warm-up, or a cyclical schedule that returns to β = 0 several times, gives the encoder more chances to become informative.',
    };
  }
  return {
    id: 'warmup',
    title: 'KL annealing',
    advice: `β already cycles every ${schedule.cycleSteps} steps; a longer ramp (rampFraction ${fmt(schedule.rampFraction)} now) keeps β low for longer in each cycle.`,
  };
}

function freeBitsFix(freeBits: number): CollapseFix {
  return {
    id: 'free-bits',
    title: 'Free bits',
    advice:
      freeBits === 0
        ? 'Free bits are off. With λ = 0.1–0.5 nats per dimension the objective stops rewarding a dimension for pushing its KL below λ, so dimensions are not squeezed onto the prior.'
        : `Free bits are on at λ = ${fmt(freeBits)} nats per dimension, yet the code carries little information: free bits stop the KL from falling, they do not make it informative (the KL kept up this way shows as marginal KL). Combine them with a KL warm-up, or raise λ.`,
  };
}

function betaFix(beta: number): CollapseFix {
  return {
    id: 'beta',
    title: beta > 1 ? 'β = 1' : 'β < 1',
    advice:
      beta > 1
        ? `β = ${fmt(beta)} charges each nat of KL ${fmt(beta)} times its ELBO price: that is what pushes the code onto the prior. β = 1 is the ELBO itself.`
        : 'β < 1 (e.g. 0.5) makes each nat of information cheaper. The objective is then no longer a bound on log p(x): judge such a run by its β = 1 ELBO and IWAE bound, which the evaluation reports.',
  };
}

/** Gaussian decoders: the observation noise σ sets how much a nat of reconstruction is worth against a nat of KL. */
function sigmaFix(sigma: RunConfig['model']['gaussianSigma']): CollapseFix {
  return {
    id: 'decoder-sigma',
    title: 'Decoder noise σ',
    advice:
      sigma === 'learned'
        ? 'σ is learned: a decoder that raises σ early makes reconstruction cheap and the code unnecessary (a larger σ means more collapse, Lucas et al. 2019). Fix σ at a small value (e.g. 0.1), or bound it.'
        : `σ is fixed at ${fmt(sigma)}: a larger σ means more collapse (Lucas et al. 2019). A smaller σ (e.g. ${fmt(sigma / 2)}) makes every pixel error dearer, so the code is worth its KL.`,
  };
}

/**
 * Autoregressive decoders: the learning rate decides who learns first. Measured on the pixelcnn-vae
 * preset (full MNIST, 2 epochs): at Adam 1e-2 the decoder learned the strokes in its first ~100
 * steps and the code collapsed (I(x; z) < 0.001 nat); at 1e-3 it kept 1.15 nats.
 */
function lowerLrFix(lr: number): CollapseFix {
  return {
    id: 'lower-lr',
    title: 'A lower learning rate',
    advice:
      `At lr ${fmt(lr)} an autoregressive decoder can learn the strokes from the pixels alone within its first hundred or so steps, before the encoder has found anything worth its KL, and the code does not come back (the encoder lags behind the decoder, He et al. 2019). ` +
      `Try lr ${fmt(lr / 3)}: on the pixelcnn-vae preset, full MNIST, Adam 1e-2 collapsed the code and 1e-3 kept 1.15 nats.`,
  };
}

/** The fixes that apply to this run, most direct first. */
export function fixesFor(config: RunConfig | null, stepsPerEpoch: number | null): CollapseFix[] {
  if (!config) return [];
  const fixes: CollapseFix[] = [];
  const { objective, model } = config;
  if (objective.kind === 'elbo') {
    if (objective.beta > 1) fixes.push(betaFix(objective.beta));
    fixes.push(warmupFix(config, stepsPerEpoch), freeBitsFix(objective.freeBits));
    if (objective.beta <= 1) fixes.push(betaFix(objective.beta));
  }
  if (model.likelihood === 'gaussian') fixes.push(sigmaFix(model.gaussianSigma));
  if (model.decoder === 'pixelcnn') {
    const { layers, channels } = model.pixelcnn;
    fixes.push(lowerLrFix(config.optim.lr));
    fixes.push({
      id: 'weaker-decoder',
      title: 'A weaker decoder',
      advice: `The PixelCNN decoder (${layers} masked layers × ${channels} channels) can model each pixel from the ones before it, without z: the classic cause of collapse. Fewer layers (e.g. ${Math.max(1, Math.floor(layers / 2))}) or channels see less context, so z must carry what they cannot.`,
    });
  }
  return fixes;
}

/** Why the decoder is not the culprit here (a factorized decoder cannot model the data without z). */
export function decoderNote(config: RunConfig | null): string | null {
  if (!config || config.model.kind !== 'vae') return null;
  if (config.model.decoder === 'pixelcnn') {
    return 'This decoder is autoregressive: it predicts each pixel from the pixels before it and can model the images without z, which is the classic cause of collapse (Bowman et al. 2016, Chen et al. 2017).';
  }
  const decoder = config.model.architecture === 'conv' ? 'convolutional' : 'MLP';
  return (
    `This ${decoder} decoder is factorized (pixels independent given z), so it cannot model the images without z: a "weaker decoder" is not the lever here. ` +
    'Collapse in such models comes from the price of KL (β, no warm-up) or from the encoder lagging behind the decoder early in training (He et al. 2019).'
  );
}
