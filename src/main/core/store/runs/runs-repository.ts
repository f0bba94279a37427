/** Run rows: create, read, change one aspect at a time, delete (cascading to everything the run owns). */
import { randomUUID } from 'node:crypto';
import {
  FINISHED_RUN_STATUSES,
  type NewRun,
  type RunEnvironment,
  type RunRecord,
  type RunStatus,
  type RunSummary,
} from '../../../../shared/runs';
import { toJsonText } from '../json-text';
import type { Db, Statement } from '../sqlite';
import { notFound } from '../store-errors';
import { RUN_COLUMNS, runFromRow, type RunRow } from './run-rows';
import {
  normalizeSummary,
  normalizeTags,
  validEnvironment,
  validName,
  validOptionalText,
  validSeed,
  validStatus,
  validText,
  validTimestamp,
} from './run-validation';

export class RunsRepository {
  private readonly insertRun: Statement;
  private readonly selectRun: Statement<[string], RunRow>;
  private readonly selectExists: Statement<[string], { found: 1 }>;
  private readonly insertTag: Statement<[string, string]>;
  private readonly deleteTags: Statement<[string]>;
  private readonly updateStatus: Statement<[{ id: string; status: RunStatus; at: number; finished: number }]>;
  private readonly updateColumn: Record<'name' | 'notes' | 'error' | 'summary', Statement<[unknown, string]>>;
  private readonly deleteRun: Statement<[string]>;
  private readonly interruptLive: Statement<[number], { id: string }>;

  constructor(private readonly db: Db) {
    this.insertRun = db.prepare(`
      INSERT INTO runs (id, name, status, config, seed, backend, device, dataset, dataset_hash,
                        created_at, started_at, ended_at, notes, error, summary)
      VALUES ($id, $name, $status, $config, $seed, $backend, $device, $dataset, $datasetHash,
              $createdAt, $startedAt, $endedAt, $notes, $error, $summary)`);
    this.selectRun = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs AS r WHERE r.id = ?`);
    this.selectExists = db.prepare('SELECT 1 AS found FROM runs WHERE id = ?');
    this.insertTag = db.prepare('INSERT INTO run_tags (run_id, tag) VALUES (?, ?)');
    this.deleteTags = db.prepare('DELETE FROM run_tags WHERE run_id = ?');
    this.updateStatus = db.prepare(`
      UPDATE runs SET
        status = $status,
        started_at = CASE WHEN $status = 'running' THEN coalesce(started_at, $at) ELSE started_at END,
        ended_at = CASE WHEN $finished THEN $at ELSE NULL END
      WHERE id = $id`);
    this.updateColumn = {
      name: db.prepare('UPDATE runs SET name = ? WHERE id = ?'),
      notes: db.prepare('UPDATE runs SET notes = ? WHERE id = ?'),
      error: db.prepare('UPDATE runs SET error = ? WHERE id = ?'),
      summary: db.prepare('UPDATE runs SET summary = ? WHERE id = ?'),
    };
    this.deleteRun = db.prepare('DELETE FROM runs WHERE id = ?');
    this.interruptLive = db.prepare(
      `UPDATE runs SET status = 'interrupted', ended_at = ? WHERE status IN ('running', 'paused') RETURNING id`,
    );
  }

  create(input: NewRun): RunRecord {
    return this.insert({
      id: randomUUID(),
      name: input.name,
      status: input.status ?? 'queued',
      config: input.config,
      seed: input.seed,
      backend: input.backend ?? null,
      device: input.device ?? null,
      dataset: input.dataset ?? null,
      datasetHash: input.datasetHash ?? null,
      createdAt: input.createdAt ?? Date.now(),
      startedAt: null,
      endedAt: null,
      tags: input.tags ?? [],
      notes: input.notes ?? '',
      error: null,
      summary: {},
    });
  }

  /** Writes a complete record (imports bring their own timestamps and summary). */
  insert(record: RunRecord): RunRecord {
    const tags = normalizeTags(record.tags);
    const row = {
      id: record.id,
      name: validName(record.name),
      status: validStatus(record.status),
      config: toJsonText(record.config, 'config'),
      seed: validSeed(record.seed),
      backend: validOptionalText(record.backend, 'backend'),
      device: validOptionalText(record.device, 'device'),
      dataset: validOptionalText(record.dataset, 'dataset'),
      datasetHash: validOptionalText(record.datasetHash, 'datasetHash'),
      createdAt: validTimestamp(record.createdAt, 'createdAt'),
      startedAt: record.startedAt === null ? null : validTimestamp(record.startedAt, 'startedAt'),
      endedAt: record.endedAt === null ? null : validTimestamp(record.endedAt, 'endedAt'),
      notes: validText(record.notes, 'notes'),
      error: validOptionalText(record.error, 'error'),
      summary: JSON.stringify(normalizeSummary(record.summary)),
    };
    this.db.transaction(() => {
      this.insertRun.run(row);
      for (const tag of tags) this.insertTag.run(record.id, tag);
    })();
    return this.get(record.id);
  }

  find(id: string): RunRecord | null {
    const row = this.selectRun.get(id);
    return row ? runFromRow(row) : null;
  }

  get(id: string): RunRecord {
    const run = this.find(id);
    if (!run) throw notFound(`run ${id} not found`);
    return run;
  }

  requireExists(id: string): void {
    if (!this.selectExists.get(id)) throw notFound(`run ${id} not found`);
  }

  /** Entering 'running' stamps startedAt once; entering a finished status stamps endedAt, leaving one clears it. */
  setStatus(id: string, status: RunStatus, at: number = Date.now()): RunRecord {
    const finished = FINISHED_RUN_STATUSES.includes(validStatus(status)) ? 1 : 0;
    const result = this.updateStatus.run({ id, status, at: validTimestamp(at, 'at'), finished });
    if (result.changes === 0) throw notFound(`run ${id} not found`);
    return this.get(id);
  }

  setTags(id: string, tags: string[]): RunRecord {
    const normalized = normalizeTags(tags);
    this.db.transaction(() => {
      this.requireExists(id);
      this.deleteTags.run(id);
      for (const tag of normalized) this.insertTag.run(id, tag);
    })();
    return this.get(id);
  }

  /** The search index follows through its update trigger (v3). */
  setName(id: string, name: string): RunRecord {
    return this.setColumn(id, 'name', validName(name));
  }

  setNotes(id: string, notes: string): RunRecord {
    return this.setColumn(id, 'notes', validText(notes, 'notes'));
  }

  setError(id: string, error: string | null): RunRecord {
    return this.setColumn(id, 'error', validOptionalText(error, 'error'));
  }

  setSummary(id: string, summary: RunSummary): RunRecord {
    return this.setColumn(id, 'summary', JSON.stringify(normalizeSummary(summary)));
  }

  /** Sets the fields given; undefined leaves a field as it is, null clears it. */
  setEnvironment(id: string, environment: RunEnvironment): RunRecord {
    const valid = validEnvironment(environment);
    const columns = { backend: 'backend', device: 'device', dataset: 'dataset', datasetHash: 'dataset_hash' } as const;
    const fields = (Object.keys(columns) as (keyof typeof columns)[]).filter((field) => valid[field] !== undefined);
    if (fields.length === 0) return this.get(id);
    const assignments = fields.map((field) => `${columns[field]} = $${field}`).join(', ');
    const result = this.db.prepare(`UPDATE runs SET ${assignments} WHERE id = $id`).run({ ...valid, id });
    if (result.changes === 0) throw notFound(`run ${id} not found`);
    return this.get(id);
  }

  /** Removes the run and, by cascade, its tags, metrics, snapshots, checkpoint records and logs. */
  delete(id: string): void {
    if (this.deleteRun.run(id).changes === 0) throw notFound(`run ${id} not found`);
  }

  /** At host start-up nothing can be training: every 'running' or 'paused' run becomes 'interrupted'. */
  markInterrupted(at: number = Date.now()): RunRecord[] {
    return this.db.transaction(() => {
      const ids = this.interruptLive.all(validTimestamp(at, 'at')).map((row) => row.id);
      return ids.map((id) => this.get(id));
    })();
  }

  private setColumn(id: string, column: 'name' | 'notes' | 'error' | 'summary', value: unknown): RunRecord {
    if (this.updateColumn[column].run(value, id).changes === 0) throw notFound(`run ${id} not found`);
    return this.get(id);
  }
}
