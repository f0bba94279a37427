/**
 * One run as its dashboard sees it: the record, the metric history (downsampled by the host) extended
 * by live points, the per-epoch evaluations, progress and logs. The one path of a metric: history
 * through the API once, then `onMetrics` points merged in; big arrays are `$state.raw` and replaced.
 */
import type { RunDetail, RunProgress } from '../../../shared/api';
import { metricKeysShownIn } from '../../../shared/metric-keys';
import type { MetricPoint, SeriesBucket } from '../../../shared/metric-series';
import type { RunRecord, StoredLogLine } from '../../../shared/runs';
import type { EpochEvaluation } from '../../../shared/training-report';
import { mergeEpochs, mergeEvaluations, mergeLivePoints, seriesByKey } from './live-series';
import { onConnectionState, workbench } from './workbench-api';
import { messageOf } from '../../../shared/errors';


/** The series the dashboard draws or quotes. */
const DASHBOARD_KEYS: readonly string[] = metricKeysShownIn('dashboard');
const DASHBOARD_KEY_SET: ReadonlySet<string> = new Set(DASHBOARD_KEYS);
const MAX_LOG_LINES = 2000;
const REFETCH_DEBOUNCE_MS = 500;

function message(error: unknown): string {
  return messageOf(error);
}

export class RunLive {
  run: RunRecord | null = $state.raw(null);
  detail: RunDetail | null = $state.raw(null);
  series: Readonly<Record<string, readonly SeriesBucket[]>> = $state.raw({});
  evaluations: readonly EpochEvaluation[] = $state.raw([]);
  progress: RunProgress | null = $state.raw(null);
  logs: readonly StoredLogLine[] = $state.raw([]);
  snapshotEpochs: readonly number[] = $state.raw([]);
  loading = $state(true);
  error: string | null = $state(null);
  deleted = $state(false);
  /** Optimizer steps per epoch, once the host has said (progress) or the history shows it. */
  stepsPerEpoch: number | null = $state(null);

  private readonly keys = DASHBOARD_KEY_SET;
  private seriesLoaded = false;
  private pendingPoints: MetricPoint[] = [];
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly unsubscribes: (() => void)[] = [];
  private disposed = false;

  constructor(readonly runId: string) {
    // Subscribe before loading, so nothing that happens during the load is lost.
    this.unsubscribes.push(
      workbench.onMetrics((event) => {
        for (const entry of event.runs) if (entry.runId === runId) this.receivePoints(entry.points);
      }),
      workbench.onProgress((progress) => {
        if (progress.runId !== runId) return;
        this.progress = progress;
        this.learnStepsPerEpoch(progress);
      }),
      workbench.onRunUpdated((run) => {
        if (run.id === runId) this.run = run;
      }),
      workbench.onRunDeleted(({ id }) => {
        if (id === runId) this.deleted = true;
      }),
      workbench.onSnapshot((snapshot) => {
        if (snapshot.runId !== runId) return;
        if (!this.snapshotEpochs.includes(snapshot.epoch)) this.snapshotEpochs = mergeEpochs(this.snapshotEpochs, [snapshot.epoch]);
        const evaluation = snapshot.evaluation;
        if (evaluation) {
          this.evaluations = mergeEvaluations(this.evaluations, [evaluation]);
        }
      }),
      workbench.onLog((line) => {
        if (line.runId !== runId || this.logs.some((existing) => existing.id === line.id)) return;
        this.logs = [...this.logs, line].slice(-MAX_LOG_LINES);
      }),
      // Status, metrics and logs of the time the connection was lost arrive by reloading.
      onConnectionState((_state, reconnected) => {
        if (reconnected) void this.load();
      }),
    );
    void this.load();
  }

  async load(): Promise<void> {
    this.loading = true;
    // Live points that arrive while the history loads are held and merged into it, as on the first load.
    this.seriesLoaded = false;
    try {
      const [detail, series, evaluations, logs] = await Promise.all([
        workbench.getRun({ id: this.runId }),
        workbench.getSeries({ runId: this.runId, keys: [...DASHBOARD_KEYS] }),
        workbench.getEvaluations({ runId: this.runId }),
        workbench.getLogs({ runId: this.runId, limit: 500 }),
      ]);
      if (this.disposed) return;
      this.detail = detail;
      this.run = detail.run;
      this.snapshotEpochs = mergeEpochs(detail.snapshotEpochs, this.snapshotEpochs);
      if (detail.progress) {
        this.progress = detail.progress;
        this.learnStepsPerEpoch(detail.progress);
      }
      this.evaluations = mergeEvaluations(evaluations, this.evaluations);
      const liveLogs = this.logs.filter((line) => !logs.some((stored) => stored.id === line.id));
      this.logs = [...logs, ...liveLogs].slice(-MAX_LOG_LINES);
      this.seriesLoaded = true;
      const merged = mergeLivePoints(seriesByKey(series), this.pendingPoints, this.keys, { initial: true });
      this.pendingPoints = [];
      this.series = merged.series;
      this.error = null;
    } catch (error) {
      if (!this.disposed) this.error = message(error);
    } finally {
      this.loading = false;
    }
  }

  /** Pause, resume, stop or start (continue): the host answers with the updated record. */
  async control(action: 'pauseRun' | 'resumeRun' | 'stopRun' | 'startRun'): Promise<void> {
    this.run = await workbench[action]({ id: this.runId });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refetchTimer);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  private receivePoints(points: readonly MetricPoint[]): void {
    if (!this.seriesLoaded) {
      this.pendingPoints.push(...points);
      return;
    }
    const merged = mergeLivePoints(this.series, points, this.keys);
    if (merged.changed.length > 0) this.series = merged.series;
    if (merged.needsRefetch) this.scheduleRefetch();
  }

  /** Asks the host for the history again: after a resume rewrote steps, or when live points piled up. */
  private scheduleRefetch(): void {
    clearTimeout(this.refetchTimer);
    this.refetchTimer = setTimeout(async () => {
      try {
        const series = await workbench.getSeries({ runId: this.runId, keys: [...DASHBOARD_KEYS] });
        if (!this.disposed) this.series = seriesByKey(series);
      } catch (error) {
        if (!this.disposed) this.error = message(error);
      }
    }, REFETCH_DEBOUNCE_MS);
  }

  private learnStepsPerEpoch(progress: RunProgress): void {
    if (progress.epochs > 0 && progress.totalSteps > 0) this.stepsPerEpoch = progress.totalSteps / progress.epochs;
  }
}
