/**
 * Where one conv-vae training step's time goes: tf.profile of a whole step (forward, gradients,
 * gradient norm, Adam) at batch 128 on the default backend, kernel time summed per kernel name.
 * Each kernel's time is the smallest over a few profiled steps: on a shared machine interference
 * only adds time, so the minimum is the closest to the kernel's own cost.
 */
import * as tf from '@tensorflow/tfjs';
import { parseRunConfig, PRESETS } from '../src/shared/config';
import { selectBackend } from '../src/worker/backend/select-backend';
import { createModel } from '../src/worker/models/model';
import { createOptimizer } from '../src/worker/train/optimizer';
import { createTrainStep } from '../src/worker/train/train-step';

const CUSTOM_GRAD_SCOPE = 'forward';

export interface StepProfile {
  backend: string;
  batch: number;
  /** Wall time of a whole step, the best of the timed ones, ms. */
  stepMs: number;
  /** Kernels launched in one step. */
  kernelCount: number;
  /** Kernel time per kernel name (smallest over the profiled steps), largest first, ms. */
  kernels: { name: string; calls: number; ms: number }[];
}

export async function profileConvStep(steps = 5): Promise<StepProfile> {
  const info = await selectBackend('auto');
  const preset = PRESETS['conv-vae'].config;
  // Batch 128, as the conv benchmark trains both sides.
  const config = parseRunConfig({ ...preset, optim: { ...preset.optim, batchSize: 128 } });
  const model = createModel(config.model, { height: 28, width: 28, channels: 1 }, 1, true);
  const optimizer = createOptimizer(config.optim);
  const step = createTrainStep(model, config, optimizer);
  const batch = config.optim.batchSize;
  const x = tf.randomUniform([batch, 784], 0, 1, 'float32', 1) as tf.Tensor2D;
  try {
    for (let i = 0; i < 5; i++) step(x, 1, i).dispose();
    let stepMs = Infinity;
    for (let i = 0; i < steps; i++) {
      const started = performance.now();
      const metrics = step(x, 1, 100 + i);
      await metrics.data();
      metrics.dispose();
      stepMs = Math.min(stepMs, performance.now() - started);
    }
    const best = new Map<string, { calls: number; ms: number }>();
    let kernelCount = 0;
    for (let i = 0; i < steps; i++) {
      const profile = await tf.profile(() => {
        step(x, 1, 200 + i).dispose();
      });
      kernelCount = profile.kernels.filter((kernel) => kernel.name !== CUSTOM_GRAD_SCOPE).length;
      const sums = new Map<string, { calls: number; ms: number }>();
      for (const kernel of profile.kernels) {
        // tf.customGrad's wrapper is profiled as 'forward', around kernels that are profiled on
        // their own too: counting it would count their time twice.
        if (kernel.name === CUSTOM_GRAD_SCOPE) continue;
        const ms = await kernel.kernelTimeMs;
        const sum = sums.get(kernel.name) ?? { calls: 0, ms: 0 };
        sums.set(kernel.name, { calls: sum.calls + 1, ms: sum.ms + (typeof ms === 'number' ? ms : 0) });
      }
      for (const [name, sum] of sums) {
        const previous = best.get(name);
        if (previous === undefined || sum.ms < previous.ms) best.set(name, sum);
      }
    }
    const kernels = [...best.entries()]
      .map(([name, { calls, ms }]) => ({ name, calls, ms: Number(ms.toFixed(2)) }))
      .sort((a, b) => b.ms - a.ms);
    return { backend: info.name, batch, stepMs: Number(stepMs.toFixed(1)), kernelCount, kernels };
  } finally {
    x.dispose();
    model.dispose();
    optimizer.dispose();
  }
}
