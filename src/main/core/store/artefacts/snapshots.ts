/**
 * Per-epoch diagnostics. Typed arrays (a PNG grid's Uint8Array, Float32 latents) go into a BLOB column
 * as their raw bytes and come back as a Uint8Array; anything else is stored as JSON text. One snapshot per (run, kind, epoch): saving again replaces.
 */
import type { Snapshot, SnapshotInfo, SnapshotInput, SnapshotMeta } from '../../../../shared/runs';
import { toJsonText } from '../json-text';
import type { Db, Statement } from '../sqlite';
import { badRequest, notFound } from '../store-errors';

interface SnapshotRow {
  run_id: string;
  epoch: number;
  kind: string;
  created_at: number;
  meta: string;
  bytes: number;
  encoding: 'json' | 'binary';
}

interface SnapshotDataRow extends SnapshotRow {
  json_data: string | null;
  blob_data: Buffer | null;
}

const INFO_COLUMNS = `run_id, epoch, kind, created_at, meta,
  CASE WHEN blob_data IS NULL THEN 'json' ELSE 'binary' END AS encoding,
  coalesce(length(blob_data), octet_length(json_data)) AS bytes`;

export const MAX_SNAPSHOT_KIND_LENGTH = 64;

export class SnapshotStore {
  private readonly upsert: Statement<[Record<string, unknown>]>;
  private readonly selectInfo: Statement<[string, string, number], SnapshotRow>;
  private readonly selectOne: Statement<[string, string, number], SnapshotDataRow>;
  private readonly selectAll: Statement<[string], SnapshotDataRow>;
  private readonly selectAllInfo: Statement<[string], SnapshotRow>;

  constructor(
    db: Db,
    private readonly requireRun: (runId: string) => void,
  ) {
    this.upsert = db.prepare(`
      INSERT INTO snapshots (run_id, epoch, kind, created_at, meta, json_data, blob_data)
      VALUES ($runId, $epoch, $kind, $createdAt, $meta, $json, $blob)
      ON CONFLICT (run_id, kind, epoch) DO UPDATE SET
        created_at = excluded.created_at, meta = excluded.meta, json_data = excluded.json_data, blob_data = excluded.blob_data`);
    this.selectInfo = db.prepare(`SELECT ${INFO_COLUMNS} FROM snapshots WHERE run_id = ? AND kind = ? AND epoch = ?`);
    this.selectOne = db.prepare(`SELECT ${INFO_COLUMNS}, json_data, blob_data FROM snapshots WHERE run_id = ? AND kind = ? AND epoch = ?`);
    this.selectAll = db.prepare(`SELECT ${INFO_COLUMNS}, json_data, blob_data FROM snapshots WHERE run_id = ? ORDER BY kind, epoch`);
    this.selectAllInfo = db.prepare(`SELECT ${INFO_COLUMNS} FROM snapshots WHERE run_id = ? ORDER BY kind, epoch`);
  }

  save(input: SnapshotInput): SnapshotInfo {
    const { runId, epoch, kind } = input;
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw badRequest(`snapshot epoch must be a non-negative integer, got ${epoch}`);
    if (typeof kind !== 'string' || kind.length === 0 || kind.length > MAX_SNAPSHOT_KIND_LENGTH) {
      throw badRequest(`snapshot kind must be a non-empty string of at most ${MAX_SNAPSHOT_KIND_LENGTH} characters`);
    }
    const meta = toJsonText(validMeta(input.meta ?? {}), 'snapshot meta');
    const binary = ArrayBuffer.isView(input.data);
    this.requireRun(runId);
    this.upsert.run({
      runId,
      epoch,
      kind,
      createdAt: input.createdAt ?? Date.now(),
      meta,
      json: binary ? null : toJsonText(input.data, `snapshot ${kind} data`),
      blob: binary ? bufferView(input.data as ArrayBufferView) : null,
    });
    return infoFromRow(this.selectInfo.get(runId, kind, epoch) as SnapshotRow);
  }

  /** Without the data, for listing; `kind` narrows to one kind. */
  list(runId: string, kind?: string): SnapshotInfo[] {
    this.requireRun(runId);
    return this.selectAllInfo
      .all(runId)
      .filter((row) => kind === undefined || row.kind === kind)
      .map(infoFromRow);
  }

  get(runId: string, kind: string, epoch: number): Snapshot {
    const row = this.selectOne.get(runId, kind, epoch);
    if (!row) throw notFound(`run ${runId} has no ${kind} snapshot for epoch ${epoch}`);
    return snapshotFromRow(row);
  }

  /** Every snapshot of the run with its data, ordered by kind then epoch (exports use this). */
  all(runId: string): Snapshot[] {
    this.requireRun(runId);
    return this.selectAll.all(runId).map(snapshotFromRow);
  }
}

function validMeta(meta: unknown): SnapshotMeta {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) throw badRequest('snapshot meta must be an object');
  for (const [key, value] of Object.entries(meta)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      throw badRequest(`snapshot meta.${key} must be a string, number, boolean or null`);
    }
  }
  return meta as SnapshotMeta;
}

/** better-sqlite3 binds Buffers; wrap the caller's bytes (of any typed array) without copying. */
function bufferView(bytes: ArrayBufferView): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function infoFromRow(row: SnapshotRow): SnapshotInfo {
  return {
    runId: row.run_id,
    epoch: row.epoch,
    kind: row.kind,
    encoding: row.encoding,
    bytes: row.bytes,
    meta: JSON.parse(row.meta) as SnapshotMeta,
    createdAt: row.created_at,
  };
}

function snapshotFromRow(row: SnapshotDataRow): Snapshot {
  const data =
    row.blob_data === null
      ? (JSON.parse(row.json_data ?? 'null') as unknown)
      : new Uint8Array(row.blob_data.buffer, row.blob_data.byteOffset, row.blob_data.byteLength);
  return { ...infoFromRow(row), data };
}
