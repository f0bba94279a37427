/**
 * Experiments on the host: a sweep from a run or a preset, and the collapse doctor from a run. Their
 * runs are ordinary runs created through the RunService, so they go through the same queue with the
 * host's concurrency; the experiment only records which runs belong together and what each changed.
 */
import { type PresetName, PRESETS, type RunConfig } from '../../../shared/config';
import { parseStoredRunConfig } from '../../../shared/stored-config';
import { WorkbenchError } from '../../../shared/errors';
import { doctorPlan } from '../../../shared/experiments/doctor-remedies';
import type { ExperimentDetail, ExperimentMember, ExperimentRecord } from '../../../shared/experiments/experiment-types';
import { expandSweep } from '../../../shared/experiments/sweep';
import type { EpochEvaluation } from '../../../shared/training-report';
import type { RunService } from '../runs/run-service';
import { SNAPSHOT_KINDS } from '../runs/snapshot-codec';
import { storedEvaluations } from '../runs/stored-evaluations';
import type { RunStore } from '../store/run-store';

export interface SweepRequest {
  /** Start from this run's config (and link every child to it), or from a preset (the CLI may pass the preset's config with its own dataset as baseConfig). */
  baseRunId?: string;
  preset?: PresetName;
  baseConfig?: RunConfig;
  name?: string;
  spec: unknown;
}

export interface DoctorRequest {
  runId: string;
  /** Epochs each child trains; a short horizon by default. */
  epochs?: number;
  /** Seed replicates per remedy (the run's seed, then +1, …). */
  seeds?: number;
}

export const DOCTOR_DEFAULT_EPOCHS = 2;

const badRequest = (message: string) => new WorkbenchError({ code: 'BAD_REQUEST', message });

export class ExperimentService {
  constructor(
    private readonly store: RunStore,
    private readonly runs: RunService,
  ) {}

  createSweep(request: SweepRequest): ExperimentRecord {
    if ((request.baseRunId === undefined) === (request.preset === undefined)) throw badRequest('a sweep starts from exactly one of a base run or a preset');
    const baseRun = request.baseRunId !== undefined ? this.store.getRun(request.baseRunId) : null;
    const base: RunConfig = baseRun ? parseStoredRunConfig(baseRun.config) : (request.baseConfig ?? PRESETS[request.preset as PresetName].config);
    const expansion = expandSweep(base, request.spec);
    if (!expansion.ok) throw new WorkbenchError({ code: 'BAD_REQUEST', message: `the sweep is invalid: ${expansion.issues.join('; ')}`, issues: expansion.issues.map((message) => ({ path: 'sweep', message })) });
    const name = request.name?.trim() || `sweep of ${baseRun?.name ?? request.preset}`;
    const members = expansion.variants.map((variant, index): ExperimentMember => {
      const replicate = variant.replicate > 0 || expansion.variants.some((v) => v.replicate > 0) ? ` · seed ${variant.config.seed}` : '';
      const run = this.runs.createRun({ name: `${name} · ${variant.variant}${replicate}`, config: variant.config, tags: ['sweep'], notes: `Run ${index + 1} of ${expansion.variants.length} of ${name}.` });
      if (baseRun) this.store.experiments.setParent(run.id, baseRun.id);
      return { runId: run.id, variant: variant.variant, change: variant.change, replicate: variant.replicate, isControl: false };
    });
    return this.store.experiments.create({ name, kind: 'sweep', baseRunId: baseRun?.id ?? null, spec: { ...(request.preset ? { preset: request.preset } : {}), sweep: request.spec }, members });
  }

  createDoctor(request: DoctorRequest): ExperimentRecord {
    const run = this.store.getRun(request.runId);
    const config = parseStoredRunConfig(run.config);
    const epochs = request.epochs ?? DOCTOR_DEFAULT_EPOCHS;
    const seeds = request.seeds ?? 1;
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000) throw badRequest(`epochs must be a whole number in 1..1000, got ${epochs}`);
    if (!Number.isInteger(seeds) || seeds < 1 || seeds > 10) throw badRequest(`seeds must be a whole number in 1..10, got ${seeds}`);
    const { stepsCompleted, epochsCompleted } = run.summary;
    if (!stepsCompleted || !epochsCompleted) throw new WorkbenchError({ code: 'CONFLICT', message: `run "${run.name}" has no evaluated epoch yet: the doctor starts from a diagnosis` });
    const evaluations = this.evaluationsOf(run.id);
    const plan = doctorPlan(config, { epochs, stepsPerEpoch: Math.round(stepsCompleted / epochsCompleted), verdict: evaluations.at(-1)?.verdict ?? null });
    const name = `doctor: ${run.name}`;
    const children = [{ variant: 'control', change: {}, config: plan.control, isControl: true }, ...plan.remedies.map((r) => ({ variant: r.label, change: { [r.path]: r.value }, config: r.config, isControl: false }))];
    const members: ExperimentMember[] = [];
    for (const child of children) {
      for (let replicate = 0; replicate < seeds; replicate++) {
        const seed = config.seed + replicate;
        const seedLabel = seeds > 1 ? ` · seed ${seed}` : '';
        const created = this.runs.createRun({
          name: `${name} · ${child.variant}${seedLabel}`,
          config: { ...child.config, seed },
          tags: ['doctor'],
          notes: `${child.isControl ? 'The control: this run’s config unchanged' : `One remedy: ${child.variant}`}, ${epochs} epoch${epochs === 1 ? '' : 's'}.`,
        });
        this.store.experiments.setParent(created.id, run.id);
        members.push({ runId: created.id, variant: child.variant, change: child.change, replicate, isControl: child.isControl });
      }
    }
    return this.store.experiments.create({ name, kind: 'doctor', baseRunId: run.id, spec: { epochs, seeds }, members });
  }

  detail(id: string): ExperimentDetail {
    const experiment = this.store.experiments.get(id);
    const runs = experiment.members.flatMap((m) => {
      try {
        return [this.store.getRun(m.runId)];
      } catch {
        return [];
      }
    });
    return { experiment, runs, evaluations: Object.fromEntries(runs.map((run) => [run.id, this.evaluationsOf(run.id)])) };
  }

  private evaluationsOf(runId: string): EpochEvaluation[] {
    return storedEvaluations(this.store, runId, SNAPSHOT_KINDS.evaluation);
  }
}
