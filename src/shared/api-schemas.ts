/**
 * Runtime schemas for every inbound API payload. The hosts validate at the boundary with these,
 * so a malformed request becomes a typed BAD_REQUEST instead of reaching a handler; api.ts takes
 * each method's parameter type from here (z.input), so a parameter's shape is written once.
 * Run configs themselves are validated by `validateRunConfig` (config.ts), which names every bad field.
 */
import { z } from 'zod';
import type { MethodName } from './api';
import { PRESET_NAMES } from './config';
import { figureSpecSchema } from './figures/figure-spec';
import { RUN_STATUSES, SUMMARY_METRIC_KEYS } from './runs';
import { MAX_GRADIENT_POINTS, MAX_GRADIENT_REPLICATES, MAX_GRADIENT_SAMPLES } from './gradient-lab';

const noParams = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);

const runId = z.string({ error: 'must be a run id (a string)' }).min(1, { error: 'must not be empty' }).max(100, { error: 'is too long for a run id' });
const byId = z.strictObject({ id: runId });
const epoch = z.number({ error: 'must be a number' }).int({ error: 'must be a whole number' }).min(0, { error: 'must be ≥ 0' });
const tags = z.array(z.string({ error: 'each tag must be a string' }).max(64, { error: 'a tag has at most 64 characters' }), { error: 'must be a list of strings' }).max(64, { error: 'at most 64 tags' });

const listQuery = z.strictObject({
  status: z.union([z.enum(RUN_STATUSES), z.array(z.enum(RUN_STATUSES))]).optional(),
  tag: z.string().max(64).optional(),
  search: z.string().max(500).optional(),
  sort: z.enum(['createdAt', 'name', 'status', ...SUMMARY_METRIC_KEYS]).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  limit: z.number().int().min(1).max(1000).optional(),
  offset: z.number().int().min(0).optional(),
});

const finiteNumber = z.number({ error: 'must be a number' }).refine(Number.isFinite, { error: 'must be finite' });

export const methodParamSchemas = {
  health: noParams,
  presets: noParams,
  validateConfig: z.strictObject({ config: z.unknown() }),
  listRuns: listQuery.or(noParams),
  getRun: byId,
  createRun: z
    .strictObject({
      name: z.string().max(200, { error: 'a run name has at most 200 characters' }).optional(),
      preset: z.enum(PRESET_NAMES, { error: `must be one of ${PRESET_NAMES.join(', ')}` }).optional(),
      config: z.unknown().optional(),
      tags: tags.optional(),
      notes: z.string().max(100_000).optional(),
      start: z.boolean().optional(),
      parentRunId: runId.optional(),
    })
    .refine((params) => params.preset !== undefined || params.config !== undefined, { error: 'give a preset, a config, or both' }),
  startRun: byId,
  pauseRun: byId,
  resumeRun: byId,
  stopRun: byId,
  deleteRun: byId,
  setTags: z.strictObject({ id: runId, tags }),
  renameRun: z.strictObject({
    id: runId,
    name: z.string({ error: 'must be a string' }).trim().min(1, { error: 'a run needs a name' }).max(200, { error: 'a run name has at most 200 characters' }),
  }),
  datasetAvailability: noParams,
  setNotes: z.strictObject({ id: runId, notes: z.string({ error: 'must be a string' }).max(100_000, { error: 'notes have at most 100,000 characters' }) }),
  getSeries: z.strictObject({
    runId,
    keys: z.array(z.string().min(1).max(200), { error: 'must be a list of metric keys' }).min(1, { error: 'name at least one key' }).max(64),
    buckets: z.number().int().min(2).max(100_000).optional(),
    fromStep: z.number().int().min(0).optional(),
    toStep: z.number().int().min(0).optional(),
  }),
  getEvaluations: z.strictObject({ runId }),
  getTestEvaluations: z.strictObject({ runId }),
  evaluateRun: z.strictObject({
    id: runId,
    split: z.enum(['test', 'validation'], { error: 'split must be "test" or "validation"' }).optional(),
    iwaeK: z.number().int().min(1, { error: 'iwaeK must be at least 1' }).max(100_000, { error: 'iwaeK must be at most 100,000' }).optional(),
    points: z.number().int().min(0, { error: 'points must be ≥ 0 (0: all)' }).optional(),
  }),
  gradientLab: z.strictObject({
    id: runId,
    samples: z
      .array(z.number().int({ error: 'each sample count must be a whole number' }).min(1, { error: 'each sample count must be ≥ 1' }).max(MAX_GRADIENT_SAMPLES, { error: `each sample count must be ≤ ${MAX_GRADIENT_SAMPLES}` }), { error: 'samples must be a list of sample counts' })
      .min(1, { error: 'give at least one sample count' })
      .max(8, { error: 'at most 8 sample counts' })
      .optional(),
    replicates: z.number().int().min(2, { error: 'a variance needs at least 2 replicates' }).max(MAX_GRADIENT_REPLICATES, { error: `replicates must be ≤ ${MAX_GRADIENT_REPLICATES}` }).optional(),
    points: z.number().int().min(1, { error: 'points must be ≥ 1' }).max(MAX_GRADIENT_POINTS, { error: `points must be ≤ ${MAX_GRADIENT_POINTS}` }).optional(),
  }),
  getSnapshot: z.strictObject({ runId, epoch: epoch.optional() }),
  getLogs: z.strictObject({ runId, afterId: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(10_000).optional() }),
  decode: z.strictObject({
    runId,
    zs: z.array(z.array(finiteNumber).min(1).max(4096), { error: 'must be a list of latent vectors' }).min(1, { error: 'give at least one latent vector' }).max(1024, { error: 'at most 1,024 vectors per call' }),
    epoch: epoch.optional(),
    progressId: z.string().min(1, { error: 'progressId must not be empty' }).max(200, { error: 'progressId must be at most 200 characters' }).optional(),
  }),
  compareRuns: z.strictObject({ ids: z.array(runId).min(1, { error: 'name at least one run' }).max(50, { error: 'compare at most 50 runs' }) }),
  exportRun: z.strictObject({ id: runId, format: z.enum(['csv', 'json', 'bundle'], { error: 'format must be csv, json or bundle' }) }),
  importRun: z.strictObject({
    filename: z.string().min(1).max(500),
    base64: z.string({ error: 'must be the bundle as base64' }).min(1, { error: 'the bundle is empty' }).regex(/^[A-Za-z0-9+/=\s]*$/, { error: 'is not base64' }),
  }),
  listExperiments: noParams,
  getExperiment: byId,
  createSweep: z
    .strictObject({ baseRunId: runId.optional(), preset: z.enum(PRESET_NAMES, { error: `must be one of ${PRESET_NAMES.join(', ')}` }).optional(), name: z.string().max(200).optional(), spec: z.unknown() })
    .refine((params) => (params.baseRunId === undefined) !== (params.preset === undefined), { error: 'give exactly one of baseRunId or preset' }),
  runDoctor: z.strictObject({
    runId,
    epochs: z.number().int().min(1, { error: 'epochs must be at least 1' }).max(1000, { error: 'epochs must be at most 1000' }).optional(),
    seeds: z.number().int().min(1, { error: 'seeds must be at least 1' }).max(10, { error: 'seeds must be at most 10' }).optional(),
  }),
  getLineage: z.strictObject({ runId }),
  listFigures: noParams,
  getFigure: z.strictObject({ id: z.string().min(1).max(100) }),
  saveFigure: z.strictObject({ id: z.string().min(1).max(100).optional(), spec: figureSpecSchema }),
  deleteFigure: z.strictObject({ id: z.string().min(1).max(100) }),
  getFigureData: z.strictObject({ spec: figureSpecSchema }),
  exportFigure: z.strictObject({ spec: figureSpecSchema, format: z.enum(['pdf', 'svg', 'csv'], { error: 'format must be pdf, svg or csv' }) }),
  exportComparison: z.strictObject({ ids: z.array(z.string().min(1).max(100)).min(1, { error: 'name at least one run' }).max(50, { error: 'compare at most 50 runs' }) }),
} satisfies Record<MethodName, z.ZodType>;
