import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, readCheckpoint } from '../../../../src/worker/checkpoint/load-checkpoint';
import type { ImageDataset } from '../../../../src/worker/data/image-dataset';
import { RUN_TO_END } from '../../../../src/worker/train/control';
import type { LatentDecoder } from '../../../../src/worker/train/latent-decoder';
import { runTraining } from '../../../../src/worker/train/run-training';
import { mnistSubset, recordingSink, smallConfig } from '../train/fixtures';

let data: ImageDataset;
let root: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  data = await mnistSubset(640, 100);
  root = await mkdtemp(path.join(tmpdir(), 'vae-checkpoint-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 20 steps per epoch; dynamic binarization so the data noise must resume exactly too. */
const config = smallConfig({ optim: { epochs: 2 }, data: { binarization: 'dynamic' } });

describe('checkpoints', () => {
  it('resume continues with exactly the losses of an uninterrupted run (stopped mid-epoch)', async () => {
    const uninterrupted = recordingSink();
    await runTraining(config, uninterrupted.sink, RUN_TO_END, { dataset: data, checkpointDir: path.join(root, 'full') });
    const all = uninterrupted.losses();
    expect(all).toHaveLength(40);

    const firstPart = recordingSink();
    const stopped = await runTraining(config, firstPart.sink, RUN_TO_END, { dataset: data, maxSteps: 27, evaluate: false, checkpointDir: path.join(root, 'part') });
    expect(stopped).toMatchObject({ status: 'stopped', step: 27, epoch: 1 });
    expect(firstPart.of('checkpoint').at(-1)?.checkpoint).toMatchObject({ reason: 'stopped', step: 27, epoch: 1 });
    expect(firstPart.losses()).toEqual(all.slice(0, 27));

    const secondPart = recordingSink();
    const resumed = await runTraining(config, secondPart.sink, RUN_TO_END, { dataset: data, resumeFrom: stopped.checkpointPath ?? '', checkpointDir: path.join(root, 'part') });
    expect(resumed.status).toBe('finished');
    expect(secondPart.of('started')[0]?.resumedFrom).toEqual({ epoch: 1, step: 27 });
    expect(secondPart.of('metrics')[0]?.steps[0]?.step).toBe(27);
    expect(secondPart.losses()).toEqual(all.slice(27));

    // The final weights are bit-identical too.
    const a = await readCheckpoint(path.join(root, 'full', 'step-000000040'));
    const b = await readCheckpoint(path.join(root, 'part', 'step-000000040'));
    for (const [name, tensor] of a.weights) expect(await b.weights.get(name)?.data()).toEqual(await tensor.data());
    tf.dispose([...a.weights.values(), ...b.weights.values(), ...a.optimizer.moments.map((m) => m.tensor), ...b.optimizer.moments.map((m) => m.tensor)]);
  });

  it('writes a tfjs weights manifest + binary files and round-trips weights and optimizer state', async () => {
    let live: LatentDecoder | null = null;
    let liveImages: Uint8Array | null = null;
    const z = Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i));
    const recorder = recordingSink();
    await runTraining(
      config,
      (report) => {
        recorder.sink(report);
        // Decode with the live model while it is at the final step, before it is disposed.
        if (report.type === 'checkpoint' && report.checkpoint.reason === 'final' && live) {
          void live.decode(z).then((grid) => {
            liveImages = grid.pixels;
          });
        }
      },
      RUN_TO_END,
      { dataset: data, checkpointDir: path.join(root, 'roundtrip'), keepCheckpoints: 1, onDecoderReady: (decoder) => (live = decoder) },
    );
    const folders = await readdir(path.join(root, 'roundtrip'));
    expect(folders).toEqual(['step-000000040']);
    const dir = path.join(root, 'roundtrip', 'step-000000040');
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'optimizer.bin', 'weights.bin']);
    const manifest = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(manifest.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(manifest.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toContain('encoder/dense0/kernel');
    // tf.io.decodeWeights reads the files with nothing but the manifest.
    const bytes = await readFile(path.join(dir, 'weights.bin'));
    const decoded = tf.io.decodeWeights(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), manifest.weightsManifest[0].weights);
    expect(decoded['decoder/head/kernel']?.shape).toEqual([32, 784]);

    const contents = await readCheckpoint(dir);
    expect(contents.manifest.config).toEqual(config);
    expect(contents.manifest.progress).toEqual({ epoch: 2, stepInEpoch: 0, step: 40 });
    expect(contents.optimizer.iterations).toBe(40);
    expect(contents.optimizer.accBeta1).toBeCloseTo(0.9 ** 41, 6);
    expect(contents.optimizer.moments.map((m) => m.name).slice(0, 2)).toEqual(['encoder/dense0/kernel/m', 'encoder/dense0/bias/m']);
    expect(contents.optimizer.moments).toHaveLength(2 * contents.weights.size);
    tf.dispose([...contents.weights.values(), ...contents.optimizer.moments.map((m) => m.tensor), ...Object.values(decoded)]);

    const loaded = await loadCheckpoint(dir);
    expect(loaded).toMatchObject({ epoch: 2, step: 40 });
    expect(loaded.decoder.latentDim).toBe(4);
    const grid = await loaded.decoder.decode(z);
    expect(grid).toMatchObject({ width: 3 * 28, height: 28, channels: 1, columns: 3, rows: 1 });
    expect(liveImages).not.toBeNull();
    expect(grid.pixels).toEqual(liveImages);
    loaded.dispose();
  });

  it('refuses to resume under a config that changes the model, and names the field', async () => {
    const dir = path.join(root, 'full', 'step-000000040');
    const outcome = await runTraining(smallConfig({ model: { latentDim: 5 }, optim: { epochs: 3 } }), () => undefined, RUN_TO_END, { dataset: data, resumeFrom: dir });
    expect(outcome.status).toBe('failed');
    expect(outcome.failure?.diagnosis).toMatch(/model\.latentDim/);
  });

  it('names the file when a checkpoint is damaged', async () => {
    await expect(readCheckpoint(path.join(root, 'missing'))).rejects.toThrow(/missing[/\\]model\.json: cannot read/);
  });
});
