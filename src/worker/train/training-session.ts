/**
 * One run's training once its backend and data are chosen: builds (or restores from a checkpoint)
 * model and optimizer, then trains epoch by epoch. Steps are reported in windows, each followed by
 * the NaN guard and a pause/stop point; each epoch ends with its held-out evaluation, snapshot and
 * checkpoint. The session owns the tensors it creates until dispose().
 */
import * as tf from '@tensorflow/tfjs';
import type { RunConfig } from '../../shared/config';
import type { DatasetInfo } from '../../shared/dataset';
import type { BackendInfo, EpochEvaluation, TrainingFailure, TrainingOutcome, TrainingReport } from '../../shared/training-report';
import { readCheckpoint } from '../checkpoint/load-checkpoint';
import { saveCheckpoint } from '../checkpoint/save-checkpoint';
import type { ImageDataset } from '../data/image-dataset';
import type { SplitRows } from '../data/evaluation-splits';
import { createModel, type Model } from '../models/model';
import { klWeight } from '../objectives/schedules';
import type { ControlDecision, TrainingControl } from './control';
import { epochOrder, trainingBatch, uploadDataset, uploadSplitTargets, type DeviceData } from './device-data';
import { epochBudget, evaluate, type EvaluationResult, EvaluationStopped } from './evaluate';
import { GradientSnrMetric } from './gradient-snr-metric';
import { createLatentDecoder } from './latent-decoder';
import { MetricWindow } from './metric-window';
import { diagnoseNonFinite, firstNonFiniteMetric, firstNonFiniteParameter } from './nan-guard';
import { createOptimizer, importOptimizerState, type WorkbenchAdam } from './optimizer';
import { checkResumeCompatible } from './resume';
import type { RunTrainingOptions } from './run-training-options';
import { deriveSeed, STREAM } from './seeds';
import { takeSnapshot } from './snapshot';
import { createTrainStep, type TrainStep } from './train-step';

export type TrainingSink = (report: TrainingReport) => void;

export interface Position {
  /** Epochs completed = index of the epoch the next step belongs to. */
  epoch: number;
  stepInEpoch: number;
  step: number;
}

export interface SessionResult {
  status: TrainingOutcome['status'];
  lastEvaluation: EpochEvaluation | null;
  checkpointPath: string | null;
  failure: TrainingFailure | null;
}

export class TrainingSession {
  private readonly window: MetricWindow;
  private readonly trainStep: TrainStep;
  /** diagnostics.gradientSnrEvery: null when off. */
  private readonly gradientSnr: GradientSnrMetric | null;
  private readonly stepsPerEpoch: number;
  private lastEvaluation: EpochEvaluation | null = null;
  private checkpointPath: string | null = null;
  private failure: TrainingFailure | null = null;

  private constructor(
    private readonly config: RunConfig,
    private readonly info: DatasetInfo,
    private readonly backend: BackendInfo,
    private readonly data: DeviceData,
    /** The dataset's test set, evaluated once when the run finishes (epochs evaluate on validation). */
    private readonly testRows: SplitRows,
    private readonly model: Model,
    private readonly optimizer: WorkbenchAdam,
    private readonly position: Position,
    private readonly sink: TrainingSink,
    private readonly control: TrainingControl,
    private readonly options: RunTrainingOptions,
  ) {
    this.window = new MetricWindow(config.optim.lr, model.kind === 'vq-vae');
    this.trainStep = createTrainStep(model, config, optimizer);
    this.gradientSnr = GradientSnrMetric.create(config, model);
    this.stepsPerEpoch = Math.ceil(data.trainCount / config.optim.batchSize);
  }

  static async open(
    config: RunConfig,
    dataset: ImageDataset,
    backend: BackendInfo,
    position: Position,
    sink: TrainingSink,
    control: TrainingControl,
    options: RunTrainingOptions,
  ): Promise<TrainingSession> {
    const data = uploadDataset(dataset, config);
    let model: Model | null = null;
    let optimizer: WorkbenchAdam | null = null;
    try {
      model = createModel(config.model, dataset.info, config.seed, config.optim.logVarClamp);
      optimizer = createOptimizer(config.optim);
      let resumedFrom: { epoch: number; step: number } | null = null;
      if (options.resumeFrom !== undefined) {
        const contents = await readCheckpoint(options.resumeFrom);
        try {
          checkResumeCompatible(contents.manifest, config, dataset.info, options.resumeFrom);
          model.parameters.assign(contents.weights, options.resumeFrom);
        } catch (error) {
          tf.dispose(contents.optimizer.moments.map((m) => m.tensor));
          throw error;
        } finally {
          tf.dispose([...contents.weights.values()]);
        }
        await importOptimizerState(optimizer, model.parameters, contents.optimizer);
        Object.assign(position, contents.manifest.progress);
        resumedFrom = { epoch: position.epoch, step: position.step };
      }
      const testRows = { images: dataset.testImages, labels: dataset.testLabels };
      const session = new TrainingSession(config, dataset.info, backend, data, testRows, model, optimizer, position, sink, control, options);
      sink({
        type: 'started',
        backend,
        dataset: dataset.info,
        parameterCount: model.parameters.count(),
        stepsPerEpoch: session.stepsPerEpoch,
        totalSteps: session.stepsPerEpoch * config.optim.epochs,
        resumedFrom,
      });
      options.onDecoderReady?.(createLatentDecoder(model));
      return session;
    } catch (error) {
      optimizer?.dispose();
      model?.dispose();
      data.dispose();
      throw error;
    }
  }

  async run(): Promise<SessionResult> {
    const { config, position } = this;
    const { batchSize, epochs } = config.optim;
    const reportEveryMs = this.options.reportEveryMs ?? 1000;
    this.window.restartClock();
    while (position.epoch < epochs) {
      const order = epochOrder(config.seed, position.epoch, this.data.trainCount);
      try {
        while (position.stepInEpoch < this.stepsPerEpoch) {
          if (this.options.maxSteps !== undefined && position.step >= this.options.maxSteps) return this.stop();
          if (this.gradientSnr?.due(position.step)) await this.gradientSnr.measureStep(this.data, order, position.stepInEpoch * batchSize, position.step);
          this.step(order, position.stepInEpoch * batchSize, batchSize);
          // A pause or stop is handled at the step it arrives after, with the steps so far reported.
          const requested = await this.control.poll();
          if (requested || this.window.size >= config.reportEverySteps || this.window.ageMs >= reportEveryMs) {
            const decision = await this.report(false);
            if (decision !== 'continue') return decision === 'stop' ? this.stop() : this.failed();
          }
        }
      } finally {
        order.dispose();
      }
      position.epoch++;
      position.stepInEpoch = 0;
      const decision = await this.report(true);
      if (decision === 'failed') return this.failed();
      // Stop means now: the epoch's held-out evaluation is skipped (it can take longer than the epoch).
      if (decision === 'stop') return this.stop();
      const last = position.epoch === epochs;
      if (this.options.evaluate !== false && (position.epoch % config.eval.every === 0 || last)) {
        // A stop that arrives during the evaluation ends it at its next batch, and the run here.
        if ((await this.evaluateEpoch()) === 'stopped') return this.stop();
        // A pause that arrived during the evaluation takes effect now.
        if (await this.control.poll()) {
          const after = await this.report(false);
          if (after !== 'continue') return after === 'stop' ? this.stop() : this.failed();
        }
      }
      if (!last) await this.checkpoint('epoch');
    }
    await this.checkpoint('final');
    if (this.options.evaluate !== false && this.data.heldOutSplit === 'validation') await this.evaluateTest();
    return this.result('finished', null);
  }

  dispose(): void {
    this.window.dispose();
    this.optimizer.dispose();
    this.model.dispose();
    this.data.dispose();
  }

  private step(order: tf.Tensor1D, start: number, batchSize: number): void {
    const { config, position } = this;
    const size = Math.min(batchSize, this.data.trainCount - start);
    const beta = klWeight(config.objective.klSchedule, config.objective.beta, position.step);
    const metrics = tf.tidy(() => {
      const x = trainingBatch(this.data, order, start, size, config, position.step);
      return this.trainStep(x, beta, deriveSeed(config.seed, STREAM.latentNoise, position.step));
    });
    this.window.push(position.step, position.epoch, beta, size, metrics);
    position.step++;
    position.stepInEpoch++;
  }

  /** Reads back the window, streams it, runs the NaN guard, then lets pause/stop through. */
  private async report(atEpochEnd: boolean): Promise<ControlDecision | 'failed'> {
    if (!(await this.flushAndGuard(atEpochEnd))) return 'failed';
    let paused = false;
    const decision = await this.control.pauseOrStopPoint(() => {
      paused = true;
      this.sink({ type: 'state', state: 'paused' });
    });
    if (paused) {
      if (decision === 'continue') this.sink({ type: 'state', state: 'running' });
      this.window.restartClock();
    }
    return decision;
  }

  /** False when a non-finite metric (or, at epoch ends, parameter) was found; the diagnosis is kept. */
  private async flushAndGuard(checkParameters: boolean): Promise<boolean> {
    const steps = await this.window.flush();
    this.gradientSnr?.attach(steps);
    if (steps.length > 0) this.sink({ type: 'metrics', steps });
    const finding = firstNonFiniteMetric(steps);
    const broken = finding !== null || checkParameters ? await firstNonFiniteParameter(this.model.parameters) : null;
    if (finding === null && broken === null) return true;
    const lastStep = Math.max(0, this.position.step - 1);
    this.failure = diagnoseNonFinite(finding ?? { step: lastStep, epoch: this.position.epoch, quantity: 'parameter', value: null }, broken, this.config);
    return false;
  }

  /** 'stopped' when a stop request ended the evaluation early (nothing of it is reported). */
  private async evaluateEpoch(): Promise<'done' | 'stopped'> {
    const { epoch, step } = this.position;
    const stopPoint = async () => {
      if ((await this.control.poll()) && this.control.stopRequested?.() === true) throw new EvaluationStopped();
    };
    let result: EvaluationResult;
    try {
      result = await evaluate(this.model, this.data.heldOutTargets, this.config, epoch, step, { ...epochBudget(this.config, this.data.trainSubset), stopPoint });
    } catch (error) {
      if (error instanceof EvaluationStopped) return 'stopped';
      throw error;
    }
    const { evaluation, encoding } = result;
    this.lastEvaluation = evaluation;
    this.sink({ type: 'evaluation', evaluation, wallTime: Date.now() });
    const snapshot = await takeSnapshot(this.model, this.data, encoding, this.config, epoch, step);
    this.sink({ type: 'snapshot', snapshot });
    this.window.restartClock();
    return 'done';
  }

  /** The final test evaluation, with the run's own budget, recorded apart from the per-epoch validation curve. */
  private async evaluateTest(): Promise<void> {
    const { epoch, step } = this.position;
    const { targets } = uploadSplitTargets(this.testRows, this.data.pixels, this.config, 'test', this.config.eval.maxHeldOut);
    try {
      const { evaluation } = await evaluate(this.model, targets, this.config, epoch, step, epochBudget(this.config, null));
      this.sink({ type: 'test-evaluation', evaluation });
    } finally {
      targets.x.dispose();
    }
  }

  private async checkpoint(reason: 'epoch' | 'final' | 'stopped'): Promise<void> {
    const root = this.options.checkpointDir;
    if (root === undefined) return;
    const saved = await saveCheckpoint(
      root,
      {
        model: this.model,
        optimizer: this.optimizer,
        config: this.config,
        dataset: this.info,
        progress: { ...this.position },
        backend: this.backend.name,
      },
      reason,
      this.options.keepCheckpoints,
    );
    this.checkpointPath = saved.path;
    this.sink({ type: 'checkpoint', checkpoint: saved });
    this.window.restartClock();
  }

  private async stop(): Promise<SessionResult> {
    if (!(await this.flushAndGuard(true))) return this.failed();
    await this.checkpoint('stopped');
    return this.result('stopped', null);
  }

  private failed(): SessionResult {
    return this.result('failed', this.failure);
  }

  private result(status: SessionResult['status'], failure: TrainingFailure | null): SessionResult {
    return { status, lastEvaluation: this.lastEvaluation, checkpointPath: this.checkpointPath, failure };
  }
}
