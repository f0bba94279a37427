/**
 * Kill -9 in the middle of writing: a child process appends batches in transactions and is killed
 * with SIGKILL; the store then reopens the file, PRAGMA integrity_check says ok, every batch the child
 * acknowledged is there, and every batch is there whole or not at all.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../../../../../src/main/core/store';
import { Random } from '../../../../../src/worker/random';
import { freshStore, sampleRun, track } from './store-fixtures';

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.mjs', import.meta.url));
const POINTS_PER_BATCH = 500;

/** Runs the writer from `firstBatch`, SIGKILLs it once it has acknowledged `killAfter` batches; returns the last ack. */
function writeUntilKilled(path: string, runId: string, seriesId: number, firstBatch: number, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, path, runId, String(seriesId), String(firstBatch)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastAck = firstBatch - 1;
    let pending = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) lastAck = Number(match[1]);
      }
      if (lastAck - firstBatch + 1 >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(lastAck);
      else reject(new Error(`writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('keeps the file sound and every acknowledged batch after kill -9, three times over', async () => {
    const setup = freshStore();
    const path = setup.path;
    const runId = setup.createRun(sampleRun({ name: 'crash victim' })).id;
    setup.close();
    const raw = new Database(path);
    const seriesId = (raw.prepare("INSERT INTO metric_series (run_id, key) VALUES (?, 'crash/loss') RETURNING id").get(runId) as { id: number }).id;
    raw.close();

    const random = new Random(2024);
    let nextBatch = 0;
    for (let round = 0; round < 3; round++) {
      const lastAck = await writeUntilKilled(path, runId, seriesId, nextBatch, 20 + random.int(40));
      // The killed writer never closed cleanly: its write-ahead log is still there to recover from.
      expect(existsSync(`${path}-wal`)).toBe(true);

      const store = track(openRunStore(path));
      expect(store.integrityCheck()).toEqual(['ok']);
      const loggedBatches = store.getLogs(runId, { limit: 10_000 }).map((line) => Number(line.line.replace('batch ', '')));
      const steps = store.exportRunJson(runId).metrics['crash/loss']?.step ?? [];
      // Every acknowledged batch is present...
      expect(loggedBatches.length).toBeGreaterThanOrEqual(lastAck + 1);
      expect(loggedBatches.slice(0, lastAck + 1)).toEqual(Array.from({ length: lastAck + 1 }, (_, batch) => batch));
      // ...and every present batch is whole: its log line and all its points, nothing of a torn one.
      expect(steps).toEqual(Array.from({ length: loggedBatches.length * POINTS_PER_BATCH }, (_, step) => step));
      nextBatch = loggedBatches.length;
      store.close();
    }
    expect(nextBatch).toBeGreaterThanOrEqual(60);
  });
});
