/**
 * Step metrics between two reports. Each step leaves its metrics vector on the device; `flush`
 * stacks them and reads them back with ONE awaited data() call, then disposes them.
 */
import * as tf from '@tensorflow/tfjs';
import type { StepMetrics } from '../../shared/training-report';
import { STEP_METRICS } from './train-step';

interface PendingStep {
  step: number;
  epoch: number;
  beta: number;
  samples: number;
  metrics: tf.Tensor1D;
}

export class MetricWindow {
  private pending: PendingStep[] = [];
  private windowStart = performance.now();

  constructor(
    private readonly lr: number,
    private readonly isVq: boolean,
  ) {}

  get size(): number {
    return this.pending.length;
  }

  /** Milliseconds since the last flush (or clock restart): a slow model still reports every so often. */
  get ageMs(): number {
    return performance.now() - this.windowStart;
  }

  push(step: number, epoch: number, beta: number, samples: number, metrics: tf.Tensor1D): void {
    this.pending.push({ step, epoch, beta, samples, metrics });
  }

  /** Restarts the throughput clock (after a pause or an evaluation, which are not training time). */
  restartClock(): void {
    this.windowStart = performance.now();
  }

  async flush(): Promise<StepMetrics[]> {
    if (this.pending.length === 0) return [];
    const steps = this.pending;
    this.pending = [];
    const stacked = tf.stack(steps.map((s) => s.metrics));
    for (const s of steps) s.metrics.dispose();
    const values = await stacked.data();
    stacked.dispose();
    const now = performance.now();
    const seconds = Math.max((now - this.windowStart) / 1000, 1e-9);
    this.windowStart = now;
    const samplesPerSec = steps.reduce((sum, s) => sum + s.samples, 0) / seconds;
    const wallTime = Date.now();
    const width = STEP_METRICS.length;
    return steps.map((s, i) => {
      const at = (name: (typeof STEP_METRICS)[number]) => values[i * width + STEP_METRICS.indexOf(name)] as number;
      return {
        step: s.step,
        epoch: s.epoch,
        loss: at('loss'),
        recon: at('recon'),
        kl: at('kl'),
        vqLoss: this.isVq ? at('vqLoss') : null,
        beta: s.beta,
        gradNorm: at('gradNorm'),
        lr: this.lr,
        samplesPerSec,
        wallTime,
      };
    });
  }

  dispose(): void {
    for (const s of this.pending) s.metrics.dispose();
    this.pending = [];
  }
}
