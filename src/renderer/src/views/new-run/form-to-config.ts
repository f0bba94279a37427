/**
 * The config a New run form describes, for the host's validator: numbers as typed (text when they
 * are not numbers, so the validator names the field), hidden fields left at the base config's values.
 */
import type { RunConfig } from '../../../../shared/config';
import type { DatasetSpec } from '../../../../shared/dataset';
import { isFieldVisible, type ConfigForm, type FieldId } from './config-form';

/** A number when the text is one, otherwise the text itself, so the validator names the field. */
export function numberOrText(value: string): number | string {
  const trimmed = value.trim();
  if (trimmed === '') return trimmed;
  const parsed = Number(trimmed);
  return Number.isNaN(parsed) ? trimmed : parsed;
}

export function parseHidden(value: string): (number | string)[] {
  return value
    .split(/[\s,]+/)
    .filter((part) => part.length > 0)
    .map(numberOrText);
}

function datasetFromForm(form: ConfigForm, base: DatasetSpec): unknown {
  switch (form.datasetSource) {
    case 'embedded-mnist':
      return { source: 'embedded-mnist' };
    case 'idx': {
      const keep = base.source === 'idx' && base.cacheDir !== undefined ? { cacheDir: base.cacheDir } : {};
      const folder = form.idxFolder.trim();
      return { source: 'idx', name: form.idxName, ...(folder ? { folder } : {}), download: form.idxDownload, ...keep };
    }
    case 'image-folder': {
      const keep = base.source === 'image-folder' && base.testFraction !== undefined ? { testFraction: base.testFraction } : {};
      return {
        source: 'image-folder',
        folder: form.imageFolder,
        height: numberOrText(form.imageHeight),
        width: numberOrText(form.imageWidth),
        color: form.imageColor,
        ...keep,
      };
    }
  }
}

function scheduleFromForm(form: ConfigForm): unknown {
  switch (form.schedule) {
    case 'constant':
      return { kind: 'constant' };
    case 'linear':
      return { kind: 'linear', warmupSteps: numberOrText(form.warmupSteps) };
    case 'cyclical':
      return { kind: 'cyclical', cycleSteps: numberOrText(form.cycleSteps), rampFraction: numberOrText(form.rampFraction) };
  }
}

/**
 * The config to validate and start: `base` (the preset) supplies what the form does not show
 * (Adam's β₁/β₂, evaluation cadence, …); fields hidden by the current choices keep base's values.
 */
export function configFromForm(form: ConfigForm, base: RunConfig): unknown {
  const visible = (field: FieldId): boolean => isFieldVisible(form, field);
  const sigma = form.gaussianSigma.trim() === 'learned' ? 'learned' : numberOrText(form.gaussianSigma);
  return {
    ...base,
    data: {
      ...base.data,
      dataset: datasetFromForm(form, base.data.dataset),
      binarization: form.binarization,
      dequantize: form.dequantize,
      validationFraction: numberOrText(form.validationFraction),
    },
    model: {
      ...base.model,
      kind: form.modelKind,
      architecture: form.architecture,
      hidden: parseHidden(form.hidden),
      latentDim: numberOrText(form.latentDim),
      likelihood: form.likelihood,
      gaussianSigma: visible('gaussianSigma') ? sigma : base.model.gaussianSigma,
      vq: visible('codebookSize')
        ? {
            codebookSize: numberOrText(form.codebookSize),
            embeddingDim: numberOrText(form.embeddingDim),
            commitmentCost: numberOrText(form.commitmentCost),
          }
        : base.model.vq,
    },
    objective: {
      ...base.objective,
      kind: form.objectiveKind,
      beta: visible('beta') ? numberOrText(form.beta) : form.objectiveKind === 'iwae' ? 1 : base.objective.beta,
      klSchedule: visible('schedule') ? scheduleFromForm(form) : form.objectiveKind === 'iwae' ? { kind: 'constant' } : base.objective.klSchedule,
      freeBits: visible('freeBits') ? numberOrText(form.freeBits) : form.objectiveKind === 'iwae' ? 0 : base.objective.freeBits,
      iwaeK: visible('iwaeK') ? numberOrText(form.iwaeK) : base.objective.iwaeK,
    },
    optim: {
      ...base.optim,
      lr: numberOrText(form.lr),
      batchSize: numberOrText(form.batchSize),
      epochs: numberOrText(form.epochs),
      gradClipNorm: form.gradClipNorm.trim() === '' ? null : numberOrText(form.gradClipNorm),
    },
    eval: {
      ...base.eval,
      iwaePoints: numberOrText(form.iwaePoints),
      latentPoints: numberOrText(form.latentPoints),
      maxHeldOut: numberOrText(form.maxHeldOut),
    },
    reportEverySteps: numberOrText(form.reportEverySteps),
    // A hidden field is not sent: a VQ-VAE or IWAE run cannot measure it, so it is off there.
    diagnostics: { ...base.diagnostics, gradientSnrEvery: visible('gradientSnrEvery') ? numberOrText(form.gradientSnrEvery) : 0 },
    seed: numberOrText(form.seed),
    backend: form.backend,
  };
}
