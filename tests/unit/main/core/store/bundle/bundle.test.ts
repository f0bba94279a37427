/**
 * Bundles: export → import gives back every datum (new id, name suffixed), and a corrupt, truncated or
 * tampered bundle is refused before anything is written.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../../../../../src/main/core/store';
import { readTar, writeTar } from '../../../../../../src/main/core/store/bundle/tar';
import { sha256 } from '../../../../../../src/main/core/store/bundle/digest';
import type { BundleManifest } from '../../../../../../src/main/core/store/bundle/bundle-manifest';
import { Random } from '../../../../../../src/worker/random';
import { defined, freshStore, sampleRun, series, temporaryFolder } from '../store-fixtures';

/** A finished run with a bit of everything, its checkpoints on disk (one folder, one file, one absolute). */
function richRun(store: RunStore, checkpointDir: string, elsewhere: string) {
  const run = store.createRun(sampleRun({ tags: ['baseline', 'mnist'], notes: 'β-VAE, KL warm-up 10 epochs', createdAt: 1_700_000_000_000 }));
  store.setEnvironment(run.id, { backend: 'wasm', device: 'CPU (SIMD)', dataset: 'mnist', datasetHash: 'c0ffee'.repeat(10) + 'abcd' });
  store.setStatus(run.id, 'running', 1_700_000_001_000);
  const random = new Random(5);
  const loss = series('train/loss', 20_000, { seed: 1 }).map((point) => (random.next() < 0.01 ? { ...point, value: [Number.NaN, Infinity, -Infinity][random.int(3)] as number } : point));
  store.appendMetrics(run.id, [...loss, ...series('eval/elbo', 40, { stride: 469, seed: 2 })]);
  store.saveSnapshot({ runId: run.id, epoch: 3, kind: 'kl_per_dim', data: { perDim: [0.1, 0, 2.5] }, createdAt: 11 });
  store.saveSnapshot({ runId: run.id, epoch: 3, kind: 'recon_grid', data: new Uint8Array(5000).map((_, i) => (i * 7) % 256), meta: { mediaType: 'image/png' }, createdAt: 12 });

  mkdirSync(join(checkpointDir, 'run-a', 'epoch-1', 'nested'), { recursive: true });
  writeFileSync(join(checkpointDir, 'run-a', 'epoch-1', 'model.json'), '{"format":"layers-model"}');
  writeFileSync(join(checkpointDir, 'run-a', 'epoch-1', 'nested', 'weights.bin'), Buffer.from(new Float32Array([1.5, -2, Number.NaN]).buffer));
  writeFileSync(join(checkpointDir, 'run-a', 'optimizer.bin'), Buffer.from([9, 8, 7]));
  writeFileSync(join(elsewhere, 'absolute.bin'), Buffer.from('absolute checkpoint'));
  store.addCheckpoint({ runId: run.id, epoch: 1, step: 469, path: 'run-a/epoch-1', createdAt: 21 });
  store.addCheckpoint({ runId: run.id, epoch: 2, step: 938, path: 'run-a/optimizer.bin', createdAt: 22 });
  store.addCheckpoint({ runId: run.id, epoch: 3, step: 1407, path: join(elsewhere, 'absolute.bin'), createdAt: 23 });
  store.appendLogs(run.id, [
    { at: 1, level: 'info', line: 'epoch 1: elbo -120.3' },
    { at: 2, level: 'warn', line: 'KL below 0.1 nats in 14 of 20 dims' },
  ]);
  store.mergeSummary(run.id, { model: 'mlp', elbo: -101.2, activeUnits: 6 });
  return store.setStatus(run.id, 'completed', 1_700_000_900_000);
}

/** Each checkpoint's files, relative path -> base64 content. */
function checkpointFiles(store: RunStore, runId: string, checkpointDir: string): Record<string, string>[] {
  return store.listCheckpoints(runId).map((checkpoint) => {
    const location = isAbsolute(checkpoint.path) ? checkpoint.path : join(checkpointDir, checkpoint.path);
    const files: Record<string, string> = {};
    const walk = (folder: string, prefix: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`);
        else files[`${prefix}${entry.name}`] = readFileSync(join(folder, entry.name)).toString('base64');
      }
    };
    if (statSync(location).isDirectory()) walk(location, '');
    else files[basename(location)] = readFileSync(location).toString('base64');
    return files;
  });
}

/** Everything but identity: what must survive a round trip. */
function contentOf(store: RunStore, runId: string, checkpointDir: string) {
  const { id: _id, name, ...run } = store.getRun(runId);
  return {
    name,
    run,
    metrics: store.exportRunJson(runId).metrics,
    snapshots: store.listSnapshots(runId).map((info) => ({ ...store.getSnapshot(runId, info.kind, info.epoch), runId: 'x' })),
    checkpoints: store.listCheckpoints(runId).map(({ epoch, step, createdAt }) => ({ epoch, step, createdAt })),
    checkpointFiles: checkpointFiles(store, runId, checkpointDir),
    logs: store.getLogs(runId).map(({ at, level, line }) => ({ at, level, line })),
  };
}

function setup() {
  const folder = temporaryFolder();
  const checkpointDir = join(folder, 'checkpoints');
  const elsewhere = join(folder, 'elsewhere');
  mkdirSync(checkpointDir);
  mkdirSync(elsewhere);
  const store = freshStore(join(folder, 'runs.sqlite'));
  const run = richRun(store, checkpointDir, elsewhere);
  return { folder, checkpointDir, store, run };
}

describe('run bundles', () => {
  it('round-trips a run through one file into another database with every datum equal', async () => {
    const { folder, checkpointDir, store, run } = setup();
    const bundlePath = join(folder, 'run.vaebundle');
    const result = await store.exportBundle(run.id, bundlePath, { checkpointDir });
    expect(result).toMatchObject({ path: bundlePath, points: 20_040, snapshots: 2, checkpointFiles: 4 });
    const bytes = readFileSync(bundlePath);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(readTar(gunzipSync(bytes))[0]?.name).toBe('manifest.json');

    const otherFolder = temporaryFolder();
    const otherCheckpoints = join(otherFolder, 'checkpoints');
    const other = freshStore(join(otherFolder, 'runs.sqlite'));
    const imported = await other.importBundle(bundlePath, { checkpointDir: otherCheckpoints });
    expect(imported.id).not.toBe(run.id);
    expect(imported.name).toBe(`${run.name} (imported)`);
    const original = contentOf(store, run.id, checkpointDir);
    const copy = contentOf(other, imported.id, otherCheckpoints);
    expect({ ...copy, name: original.name }).toEqual(original);
    expect(other.listCheckpoints(imported.id).every((checkpoint) => checkpoint.path.startsWith(`${imported.id}/`))).toBe(true);
    expect(other.getSeries(imported.id, 'train/loss', { buckets: 500 })).toEqual(store.getSeries(run.id, 'train/loss', { buckets: 500 }));

    // Importing into the same store makes a second, independent run.
    const again = await store.importBundle(bundlePath, { checkpointDir });
    expect(store.listRuns().total).toBe(2);
    expect(contentOf(store, again.id, checkpointDir).metrics).toEqual(original.metrics);
  });

  it('refuses corrupt, truncated and tampered bundles without writing anything', async () => {
    const { folder, checkpointDir, store, run } = setup();
    const bundlePath = join(folder, 'run.vaebundle');
    await store.exportBundle(run.id, bundlePath, { checkpointDir });
    const good = readFileSync(bundlePath);
    const target = freshStore(join(temporaryFolder(), 'target.sqlite'));
    const targetCheckpoints = join(temporaryFolder(), 'checkpoints');
    const attempt = async (name: string, bytes: Buffer) => {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      return target.importBundle(path, { checkpointDir: targetCheckpoints });
    };

    const flipped = Buffer.from(good);
    const middle = Math.floor(flipped.length / 2);
    flipped.writeUInt8(flipped.readUInt8(middle) ^ 0xff, middle);
    await expect(attempt('flipped.vaebundle', flipped)).rejects.toThrow(/is corrupt or truncated \(gzip: .*\); nothing was imported/);
    await expect(attempt('truncated.vaebundle', good.subarray(0, Math.floor(good.length * 0.6)))).rejects.toThrow(/is corrupt or truncated/);
    await expect(attempt('empty.vaebundle', Buffer.alloc(0))).rejects.toThrow(/is corrupt or truncated/);

    // A gzip bomb: 320 MiB of zeros in ~330 kB (gzip members concatenate into one valid stream).
    const member = gzipSync(Buffer.alloc(16 * 2 ** 20));
    const bomb = Buffer.concat(Array.from({ length: 20 }, () => member));
    const refusal = await attempt('bomb.vaebundle', bomb).then(
      () => null,
      (error: unknown) => (error as Error).message,
    );
    expect(refusal).toMatch(/bundle bomb\.vaebundle inflates to more than 64 MiB .*gzip bomb; nothing was imported/);
    // The message names the file, never the server folder it was written to.
    expect(refusal).not.toContain(folder);

    /** Re-packs the good bundle after `change` edits its manifest and/or entries. */
    const repack = (change: (manifest: BundleManifest, entries: Map<string, Buffer>) => void) => {
      const entries = new Map(readTar(gunzipSync(good)).map((entry) => [entry.name, Buffer.from(entry.data)]));
      const manifest = JSON.parse(defined(entries.get('manifest.json')).toString('utf8')) as BundleManifest;
      change(manifest, entries);
      entries.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
      return gzipSync(writeTar([...entries].map(([name, data]) => ({ name, data })), 0));
    };

    // Valid gzip and tar, but a metric entry altered behind the manifest's back.
    const tampered = repack((_manifest, entries) => defined(entries.get('metrics/000000.f64')).writeDoubleLE(42, 8 * 100));
    await expect(attempt('tampered.vaebundle', tampered)).rejects.toThrow(/entry metrics\/000000\.f64 fails its SHA-256 check/);

    // A manifest that does not match the schema, and one that tries to write outside its folder.
    const badSchema = repack((manifest) => Object.assign(manifest.run, { seed: 'one' }));
    await expect(attempt('schema.vaebundle', badSchema)).rejects.toThrow(/invalid manifest \(run\.seed: /);
    const escaping = repack((manifest) => {
      defined(defined(manifest.checkpoints[0]).files[0]).path = '../../escaped';
    });
    await expect(attempt('escape.vaebundle', escaping)).rejects.toThrow(/checkpoints\.0\.files\.0\.path: must be a relative path/);

    // Passes every file check but fails inside the database transaction (a step of 0.5), after
    // checkpoint files were already staged: both must be undone.
    const badStep = repack((manifest, entries) => {
      const series = defined(manifest.metrics[0]);
      const data = defined(entries.get(series.file.entry));
      data.writeDoubleLE(0.5, 0);
      series.file.sha256 = sha256(data);
    });
    await expect(attempt('bad-step.vaebundle', badStep)).rejects.toThrow(/metrics\[0\]\.step must be a non-negative integer/);

    expect(target.listRuns().total).toBe(0);
    expect(existsSync(targetCheckpoints) ? readdirSync(targetCheckpoints) : []).toEqual([]);
    expect(target.integrityCheck()).toEqual(['ok']);
  });

  it('names the missing file when a checkpoint has vanished from disk', async () => {
    const { folder, checkpointDir, store, run } = setup();
    store.addCheckpoint({ runId: run.id, epoch: 9, step: 9999, path: 'run-a/gone' });
    await expect(store.exportBundle(run.id, join(folder, 'x.vaebundle'), { checkpointDir })).rejects.toThrow(/checkpoint of step 9999 \(epoch 9\) is missing on disk: .*run-a\/gone/);
    expect(existsSync(join(folder, 'x.vaebundle'))).toBe(false);
  });
});
