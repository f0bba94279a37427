/**
 * The New run form's model: every editable config field as the text or choice the user sees, and
 * the config path each field edits. Choices take their types from the config schema (shared/config.ts),
 * so a new option there is a type error here until the form offers it. Numbers stay text while
 * typed, so "1e-3" and "abc" both reach the host's validator as they are and the message shown
 * under a field is the host's own. The config built from a form is form-to-config.ts; issues sorted
 * back onto fields, form-issues.ts. Pure, unit-tested.
 */
import {
  BACKEND_PREFERENCES,
  BINARIZATIONS,
  KL_SCHEDULE_KINDS,
  LIKELIHOODS,
  type BackendPreference,
  type Likelihood,
  type ModelConfig,
  type ObjectiveConfig,
  type RunConfig,
} from '../../../../shared/config';
import { IDX_DATASET_NAMES, type DatasetSource, type DatasetSpec, type IdxDatasetName } from '../../../../shared/dataset';

export type DatasetSourceChoice = DatasetSource;
export type ScheduleKind = ObjectiveConfig['klSchedule']['kind'];
type ImageFolderSpec = Extract<DatasetSpec, { source: 'image-folder' }>;

export { BACKEND_PREFERENCES, BINARIZATIONS, IDX_DATASET_NAMES, KL_SCHEDULE_KINDS as SCHEDULE_KINDS, LIKELIHOODS };

export interface ConfigForm {
  datasetSource: DatasetSourceChoice;
  idxName: IdxDatasetName;
  idxFolder: string;
  idxDownload: boolean;
  imageFolder: string;
  imageHeight: string;
  imageWidth: string;
  imageColor: ImageFolderSpec['color'];
  binarization: RunConfig['data']['binarization'];
  dequantize: boolean;
  validationFraction: string;
  modelKind: ModelConfig['kind'];
  architecture: ModelConfig['architecture'];
  hidden: string;
  latentDim: string;
  likelihood: Likelihood;
  gaussianSigma: string;
  codebookSize: string;
  embeddingDim: string;
  commitmentCost: string;
  objectiveKind: ObjectiveConfig['kind'];
  beta: string;
  schedule: ScheduleKind;
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
  gradientSnrEvery: string;
}

export type FieldId = keyof ConfigForm;

/** Every dotted path into a config (each variant of a union contributes its own fields). */
type PathsOf<T> = T extends readonly unknown[]
  ? never
  : T extends object
    ? { [K in keyof T & string]: K | `${K}.${PathsOf<NonNullable<T[K]>>}` }[keyof T & string]
    : never;
export type ConfigPath = PathsOf<RunConfig>;

/** The config path each field edits; an issue lands on the field with the longest matching path. */
export const FIELD_PATHS: Record<FieldId, ConfigPath> = {
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
  gradientSnrEvery: 'diagnostics.gradientSnrEvery',
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
    case 'gradientSnrEvery':
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
    gradientSnrEvery: text(config.diagnostics.gradientSnrEvery),
  };
}

