/**
 * The New run form's model: every editable config field as the text or choice the user sees, the
 * config built from it, and the validation issues sorted back onto the fields by config path.
 * Numbers stay text while typed, so "1e-3" and "abc" both reach the host's validator as they are
 * and the message shown under a field is the host's own. Pure, unit-tested.
 */
import {
  BACKEND_PREFERENCES,
  LIKELIHOODS,
  type BackendPreference,
  type ConfigIssue,
  type Likelihood,
  type RunConfig,
} from '../../../../shared/config';
import { IDX_DATASET_NAMES, type DatasetSpec, type IdxDatasetName } from '../../../../shared/dataset';

export const DATASET_SOURCES = ['embedded-mnist', 'idx', 'image-folder'] as const;
export type DatasetSourceChoice = (typeof DATASET_SOURCES)[number];
export const BINARIZATIONS = ['none', 'static', 'dynamic'] as const;
export const SCHEDULE_KINDS = ['constant', 'linear', 'cyclical'] as const;
export { BACKEND_PREFERENCES, IDX_DATASET_NAMES, LIKELIHOODS };

export interface ConfigForm {
  datasetSource: DatasetSourceChoice;
  idxName: IdxDatasetName;
  idxFolder: string;
  idxDownload: boolean;
  imageFolder: string;
  imageHeight: string;
  imageWidth: string;
  imageColor: 'grayscale' | 'rgb';
  binarization: (typeof BINARIZATIONS)[number];
  dequantize: boolean;
  validationFraction: string;
  modelKind: 'vae' | 'vq-vae';
  architecture: 'mlp' | 'conv';
  hidden: string;
  latentDim: string;
  likelihood: Likelihood;
  gaussianSigma: string;
  codebookSize: string;
  embeddingDim: string;
  commitmentCost: string;
  objectiveKind: 'elbo' | 'iwae';
  beta: string;
  schedule: (typeof SCHEDULE_KINDS)[number];
  warmupSteps: string;
  cycleSteps: string;
  rampFraction: string;
  freeBits: string;
  iwaeK: string;
  lr: string;
  batchSize: string;
  epochs: string;
  gradClipNorm: string;
  seed: string;
  backend: BackendPreference;
  iwaePoints: string;
  latentPoints: string;
  maxHeldOut: string;
  reportEverySteps: string;
}

export type FieldId = keyof ConfigForm;

/** The config path each field edits; an issue lands on the field with the longest matching path. */
export const FIELD_PATHS: Record<FieldId, string> = {
  datasetSource: 'data.dataset',
  idxName: 'data.dataset.name',
  idxFolder: 'data.dataset.folder',
  idxDownload: 'data.dataset.download',
  imageFolder: 'data.dataset.folder',
  imageHeight: 'data.dataset.height',
  imageWidth: 'data.dataset.width',
  imageColor: 'data.dataset.color',
  binarization: 'data.binarization',
  dequantize: 'data.dequantize',
  validationFraction: 'data.validationFraction',
  modelKind: 'model.kind',
  architecture: 'model.architecture',
  hidden: 'model.hidden',
  latentDim: 'model.latentDim',
  likelihood: 'model.likelihood',
  gaussianSigma: 'model.gaussianSigma',
  codebookSize: 'model.vq.codebookSize',
  embeddingDim: 'model.vq.embeddingDim',
  commitmentCost: 'model.vq.commitmentCost',
  objectiveKind: 'objective.kind',
  beta: 'objective.beta',
  schedule: 'objective.klSchedule',
  warmupSteps: 'objective.klSchedule.warmupSteps',
  cycleSteps: 'objective.klSchedule.cycleSteps',
  rampFraction: 'objective.klSchedule.rampFraction',
  freeBits: 'objective.freeBits',
  iwaeK: 'objective.iwaeK',
  lr: 'optim.lr',
  batchSize: 'optim.batchSize',
  epochs: 'optim.epochs',
  gradClipNorm: 'optim.gradClipNorm',
  seed: 'seed',
  backend: 'backend',
  iwaePoints: 'eval.iwaePoints',
  latentPoints: 'eval.latentPoints',
  maxHeldOut: 'eval.maxHeldOut',
  reportEverySteps: 'reportEverySteps',
};

/** Fields that only make sense for some choices; a hidden field is neither shown nor sent. */
export function isFieldVisible(form: ConfigForm, field: FieldId): boolean {
  switch (field) {
    case 'idxName':
    case 'idxFolder':
    case 'idxDownload':
      return form.datasetSource === 'idx';
    case 'imageFolder':
    case 'imageHeight':
    case 'imageWidth':
    case 'imageColor':
      return form.datasetSource === 'image-folder';
    case 'gaussianSigma':
      return form.likelihood === 'gaussian';
    case 'codebookSize':
    case 'embeddingDim':
    case 'commitmentCost':
      return form.modelKind === 'vq-vae';
    case 'beta':
    case 'schedule':
    case 'freeBits':
      return form.objectiveKind === 'elbo' && form.modelKind === 'vae';
    case 'warmupSteps':
      return isFieldVisible(form, 'schedule') && form.schedule === 'linear';
    case 'cycleSteps':
    case 'rampFraction':
      return isFieldVisible(form, 'schedule') && form.schedule === 'cyclical';
    case 'iwaeK':
      return form.objectiveKind === 'iwae';
    default:
      return true;
  }
}

const text = (value: number): string => String(value);

export function formFromConfig(config: RunConfig): ConfigForm {
  const { data, model, objective, optim } = config;
  const dataset = data.dataset;
  const schedule = objective.klSchedule;
  return {
    datasetSource: dataset.source,
    idxName: dataset.source === 'idx' ? dataset.name : 'mnist',
    idxFolder: dataset.source === 'idx' ? (dataset.folder ?? '') : '',
    idxDownload: dataset.source === 'idx' ? (dataset.download ?? false) : true,
    imageFolder: dataset.source === 'image-folder' ? dataset.folder : '',
    imageHeight: dataset.source === 'image-folder' ? text(dataset.height) : '0',
    imageWidth: dataset.source === 'image-folder' ? text(dataset.width) : '0',
    imageColor: dataset.source === 'image-folder' ? dataset.color : 'grayscale',
    binarization: data.binarization,
    dequantize: data.dequantize,
    validationFraction: text(data.validationFraction),
    modelKind: model.kind,
    architecture: model.architecture,
    hidden: model.hidden.join(', '),
    latentDim: text(model.latentDim),
    likelihood: model.likelihood,
    gaussianSigma: String(model.gaussianSigma),
    codebookSize: text(model.vq.codebookSize),
    embeddingDim: text(model.vq.embeddingDim),
    commitmentCost: text(model.vq.commitmentCost),
    objectiveKind: objective.kind,
    beta: text(objective.beta),
    schedule: schedule.kind,
    warmupSteps: schedule.kind === 'linear' ? text(schedule.warmupSteps) : '1000',
    cycleSteps: schedule.kind === 'cyclical' ? text(schedule.cycleSteps) : '1000',
    rampFraction: schedule.kind === 'cyclical' ? text(schedule.rampFraction) : '0.5',
    freeBits: text(objective.freeBits),
    iwaeK: text(objective.iwaeK),
    lr: text(optim.lr),
    batchSize: text(optim.batchSize),
    epochs: text(optim.epochs),
    gradClipNorm: optim.gradClipNorm === null ? '' : text(optim.gradClipNorm),
    seed: text(config.seed),
    backend: config.backend,
    iwaePoints: text(config.eval.iwaePoints),
    latentPoints: text(config.eval.latentPoints),
    maxHeldOut: text(config.eval.maxHeldOut),
    reportEverySteps: text(config.reportEverySteps),
  };
}

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
    seed: numberOrText(form.seed),
    backend: form.backend,
  };
}

export interface SortedIssues {
  /** Messages per visible field. */
  byField: Partial<Record<FieldId, string[]>>;
  /** Issues no visible field owns, shown above the form with their path. */
  other: ConfigIssue[];
}

function segments(path: string): string[] {
  return path === '(config)' ? [] : path.split('.');
}

/** Each issue goes to the visible field whose config path is the longest prefix of the issue's path. */
export function sortIssues(issues: readonly ConfigIssue[], form: ConfigForm): SortedIssues {
  const fields = (Object.keys(FIELD_PATHS) as FieldId[]).filter((field) => isFieldVisible(form, field));
  const byField: Partial<Record<FieldId, string[]>> = {};
  const other: ConfigIssue[] = [];
  for (const issue of issues) {
    const issuePath = segments(issue.path);
    let owner: FieldId | null = null;
    let ownerLength = -1;
    for (const field of fields) {
      const fieldPath = segments(FIELD_PATHS[field]);
      const isPrefix = fieldPath.length <= issuePath.length && fieldPath.every((segment, index) => issuePath[index] === segment);
      if (isPrefix && fieldPath.length > ownerLength) {
        owner = field;
        ownerLength = fieldPath.length;
      }
    }
    if (owner) (byField[owner] ??= []).push(issue.message);
    else other.push(issue);
  }
  return { byField, other };
}
