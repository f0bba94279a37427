/**
 * A full disk mid-run, for real: the data folder is a small tmpfs (mounting one needs root, so the
 * test is skipped elsewhere) that a filler file fills up after the first checkpoint. The run must
 * end interrupted with "disk full" in its reason, keep its stored metrics and earlier checkpoint,
 * leave no temporary checkpoint folder, and continue to completion once space is freed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_KEYS } from '../../../../../src/shared/metric-keys';
import { openHost, seriesSteps, tinyConfig, waitFor } from '../../../../helpers/tiny-run';

const mountPoint = mkdtempSync(join(tmpdir(), 'vwb-small-disk-'));
let mounted = false;

beforeAll(() => {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=40m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false;
  }
});

afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', mountPoint], { stdio: 'ignore' });
  rmSync(mountPoint, { recursive: true, force: true });
});

/** Writes zeros until the filesystem says ENOSPC; returns the filler's path. */
function fillDisk(folder: string): string {
  const filler = join(folder, 'filler.bin');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

describe('a full disk mid-run', () => {
  it('ends the run interrupted ("disk full"), keeps what was stored, removes temporary files, and resumes once space is freed', async (context) => {
    if (!mounted) return context.skip('needs root to mount a small tmpfs');
    const dataDir = join(mountPoint, 'data');
    const services = openHost(dataDir);
    try {
      const run = services.runs.createRun({ config: tinyConfig({ epochs: 6 }), name: 'disk-full' });
      await waitFor(() => services.store.listCheckpoints(run.id).length > 0, 120_000, 'a checkpoint');
      const kept = services.store.listCheckpoints(run.id)[0];
      const stepsBefore = seriesSteps(services, run.id, TRAIN_KEYS.loss).length;
      const filler = fillDisk(mountPoint);

      const ended = await services.runs.whenSettled(run.id);
      expect(ended.status).toBe('interrupted');
      expect(ended.error).toMatch(/disk full/);
      expect(services.store.listCheckpoints(run.id).some((c) => c.step === kept?.step)).toBe(true);
      expect(existsSync(kept?.path ?? '')).toBe(true);
      expect(seriesSteps(services, run.id, TRAIN_KEYS.loss).length).toBeGreaterThanOrEqual(stepsBefore);
      const leftovers = readdirSync(services.runs.checkpointDir(run.id)).filter((name) => name.includes('.tmp-'));
      expect(leftovers).toEqual([]);

      rmSync(filler);
      services.runs.startRun(run.id);
      const final = await services.runs.whenSettled(run.id);
      expect(final.status).toBe('completed');
      const steps = seriesSteps(services, run.id, TRAIN_KEYS.loss);
      expect(steps.every((step, i) => step === i)).toBe(true);
      expect(steps.at(-1)).toBe((final.summary.stepsCompleted ?? 0) - 1);
      expect(services.store.integrityCheck()).toEqual(['ok']);
    } finally {
      await services.close();
    }
  });
});
