/**
 * Experiments: a group of runs made together (a sweep over config fields, or the collapse doctor's
 * remedies with their control). Rows in the store like runs; a run keeps working alone, and keeps a
 * link to the run it was derived from. The worker knows nothing of them.
 */
import type { RunRecord } from '../runs';
import type { EpochEvaluation } from '../training-report';

export type ExperimentKind = 'sweep' | 'doctor';

/** One run's place in an experiment: what changed from the base, and which replicate it is. */
export interface ExperimentMember {
  runId: string;
  /** A short label of the change, e.g. "objective.beta = 0.5" or "free bits λ = 0.5"; "control" for the unchanged config. */
  variant: string;
  /** The config fields this run changed, dotted path -> value (empty for the control). */
  change: Record<string, unknown>;
  /** Seed replicate index, 0-based. */
  replicate: number;
  isControl: boolean;
}

export interface ExperimentRecord {
  id: string;
  name: string;
  kind: ExperimentKind;
  /** The run the experiment was made from, when it still exists (a sweep may start from a preset). */
  baseRunId: string | null;
  /** How it was made (the sweep spec, or the doctor's horizon and seeds), for the record. */
  spec: Record<string, unknown>;
  createdAt: number;
  members: ExperimentMember[];
}

/** What the experiment view shows: the record, its runs, and each run's validation evaluations. */
export interface ExperimentDetail {
  experiment: ExperimentRecord;
  runs: RunRecord[];
  /** Per run id, its per-epoch evaluations, ascending. */
  evaluations: Record<string, EpochEvaluation[]>;
}

export interface ExperimentSummary {
  id: string;
  name: string;
  kind: ExperimentKind;
  baseRunId: string | null;
  createdAt: number;
  runCount: number;
  /** Runs completed, failed or stopped, of runCount. */
  finishedCount: number;
}

/** A run's lineage: the run it was derived from, and the runs derived from it. */
export interface RunLineage {
  parent: { id: string; name: string } | null;
  children: { id: string; name: string; experimentId: string | null }[];
}
