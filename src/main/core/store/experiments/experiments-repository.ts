/**
 * Experiments and lineage in the store: create an experiment with its member runs in one
 * transaction, list and read them, and record which run a run was derived from.
 */
import { randomUUID } from 'node:crypto';
import type { ExperimentKind, ExperimentMember, ExperimentRecord, ExperimentSummary, RunLineage } from '../../../../shared/experiments/experiment-types';
import { toJsonText } from '../json-text';
import type { Db } from '../sqlite';
import { notFound } from '../store-errors';

interface ExperimentRow {
  id: string;
  name: string;
  kind: ExperimentKind;
  base_run_id: string | null;
  spec: string;
  created_at: number;
}

interface MemberRow {
  run_id: string;
  variant: string;
  change: string;
  replicate: number;
  is_control: number;
}

export interface NewExperiment {
  name: string;
  kind: ExperimentKind;
  baseRunId: string | null;
  spec: Record<string, unknown>;
  members: ExperimentMember[];
}

export class ExperimentsRepository {
  constructor(private readonly db: Db) {}

  create(input: NewExperiment, now = Date.now()): ExperimentRecord {
    const id = randomUUID();
    const insertMember = this.db.prepare('INSERT INTO experiment_runs (experiment_id, run_id, position, variant, change, replicate, is_control) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO experiments (id, name, kind, base_run_id, spec, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, input.name, input.kind, input.baseRunId, toJsonText(input.spec, 'experiment spec'), now);
      input.members.forEach((m, position) => insertMember.run(id, m.runId, position, m.variant, toJsonText(m.change, 'experiment change'), m.replicate, m.isControl ? 1 : 0));
    })();
    return this.get(id);
  }

  get(id: string): ExperimentRecord {
    const row = this.db.prepare<[string], ExperimentRow>('SELECT * FROM experiments WHERE id = ?').get(id);
    if (!row) throw notFound(`no experiment with id ${id}`);
    const members = this.db
      .prepare<[string], MemberRow>('SELECT run_id, variant, change, replicate, is_control FROM experiment_runs WHERE experiment_id = ? ORDER BY position')
      .all(id)
      .map((m) => ({ runId: m.run_id, variant: m.variant, change: JSON.parse(m.change) as Record<string, unknown>, replicate: m.replicate, isControl: m.is_control === 1 }));
    return { id: row.id, name: row.name, kind: row.kind, baseRunId: row.base_run_id, spec: JSON.parse(row.spec) as Record<string, unknown>, createdAt: row.created_at, members };
  }

  /** By id, a unique id prefix, or name (newest first when names repeat): what the CLI accepts. */
  find(reference: string): ExperimentRecord {
    const rows = this.db.prepare<[string, string], { id: string }>('SELECT id FROM experiments WHERE id LIKE ? || \'%\' OR name = ? ORDER BY created_at DESC').all(reference, reference);
    const first = rows[0];
    if (!first) throw notFound(`no experiment "${reference}"; \`vae-workbench experiments\` lists them`);
    return this.get(first.id);
  }

  list(): ExperimentSummary[] {
    return this.db
      .prepare<[], ExperimentRow & { run_count: number; finished_count: number }>(
        `SELECT e.*, count(m.run_id) AS run_count,
                sum(CASE WHEN r.status IN ('completed', 'failed', 'stopped') THEN 1 ELSE 0 END) AS finished_count
         FROM experiments AS e LEFT JOIN experiment_runs AS m ON m.experiment_id = e.id LEFT JOIN runs AS r ON r.id = m.run_id
         GROUP BY e.id ORDER BY e.created_at DESC`,
      )
      .all()
      .map((row) => ({ id: row.id, name: row.name, kind: row.kind, baseRunId: row.base_run_id, createdAt: row.created_at, runCount: row.run_count, finishedCount: row.finished_count ?? 0 }));
  }

  delete(id: string): void {
    if (this.db.prepare('DELETE FROM experiments WHERE id = ?').run(id).changes === 0) throw notFound(`no experiment with id ${id}`);
  }

  setParent(runId: string, parentRunId: string): void {
    this.db.prepare('INSERT OR REPLACE INTO run_lineage (run_id, parent_run_id) VALUES (?, ?)').run(runId, parentRunId);
  }

  lineage(runId: string): RunLineage {
    const parent = this.db
      .prepare<[string], { id: string; name: string }>('SELECT r.id, r.name FROM run_lineage AS l JOIN runs AS r ON r.id = l.parent_run_id WHERE l.run_id = ?')
      .get(runId);
    const children = this.db
      .prepare<[string], { id: string; name: string; experiment_id: string | null }>(
        `SELECT r.id, r.name, (SELECT experiment_id FROM experiment_runs WHERE run_id = r.id LIMIT 1) AS experiment_id
         FROM run_lineage AS l JOIN runs AS r ON r.id = l.run_id WHERE l.parent_run_id = ? ORDER BY r.created_at`,
      )
      .all(runId)
      .map((c) => ({ id: c.id, name: c.name, experimentId: c.experiment_id }));
    return { parent: parent ?? null, children };
  }
}
