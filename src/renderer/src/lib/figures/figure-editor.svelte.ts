/**
 * The Figures view's state: the spec being edited, whether it is valid, the data it names (asked of
 * the host whenever the runs or metrics change, newest request wins) and the figure document made
 * from both by the same pure function the host and the CLI use.
 */
import { figureDocument, type FigureDocument } from '../../../../shared/figures/figure-document';
import type { FigureData } from '../../../../shared/figures/figure-data';
import type { FigureRecord } from '../../../../shared/figures/figure-record';
import { figureSpecSchema, stripRequest, type FigureSpec, type FigureSpecInput } from '../../../../shared/figures/figure-spec';
import { LatestRequest } from '../latest-request';
import { workbench } from '../workbench-api';
import { messageOf } from '../../../../shared/errors';

export class FigureEditor {
  spec: FigureSpecInput = $state({ name: '', runs: [], panels: [] });
  /** The saved figure this spec was opened from, or null for a new one. */
  savedId: string | null = $state(null);
  data: FigureData | null = $state.raw(null);
  dataError: string | null = $state(null);
  loading = $state(false);

  private readonly requests = new LatestRequest<FigureData>({
    onResult: (data) => {
      this.data = data;
      this.dataError = null;
    },
    onError: (error) => {
      this.dataError = messageOf(error);
    },
    onBusy: (busy) => {
      this.loading = busy;
    },
  });

  /** The spec as the schema reads it, or the first problems with it. */
  readonly parsed = $derived.by((): { ok: true; spec: FigureSpec } | { ok: false; problems: string[] } => {
    const result = figureSpecSchema.safeParse($state.snapshot(this.spec));
    return result.success ? { ok: true, spec: result.data } : { ok: false, problems: result.error.issues.map((issue) => `${issue.path.join('.') || 'figure'}: ${issue.message}`) };
  });

  /**
   * What the data depends on: the runs, the curve metrics and what each interpolation strip is
   * decoded from (the host decodes those). Style edits redraw without a request.
   */
  readonly dataKey = $derived.by(() => {
    if (!this.parsed.ok) return null;
    const spec = this.parsed.spec;
    const metrics = spec.panels.flatMap((panel) => (panel.kind === 'curves' ? [panel.metric] : []));
    const strips = spec.panels.flatMap((panel) => (panel.kind === 'interpolation' ? [stripRequest(spec, panel)] : []));
    return JSON.stringify([spec.runs, metrics, strips]);
  });

  readonly document = $derived.by((): FigureDocument | null => (this.parsed.ok && this.data ? figureDocument(this.parsed.spec, this.data) : null));

  load(): void {
    const key = this.dataKey;
    if (key === null || !this.parsed.ok) return;
    const spec = this.parsed.spec;
    this.requests.request(key, () => workbench.getFigureData({ spec }));
  }

  open(record: FigureRecord): void {
    this.savedId = record.id;
    this.spec = structuredClone(record.spec);
  }

  start(spec: FigureSpecInput): void {
    this.savedId = null;
    this.data = null;
    this.spec = spec;
  }

  /** Saves the spec; the host stores interpolation strips with it, so the editor takes the saved spec back. */
  async save(): Promise<FigureRecord> {
    if (!this.parsed.ok) throw new Error(this.parsed.problems.join('; '));
    const record = await workbench.saveFigure({ ...(this.savedId ? { id: this.savedId } : {}), spec: this.parsed.spec });
    this.savedId = record.id;
    this.spec = structuredClone(record.spec);
    return record;
  }

  dispose(): void {
    this.requests.dispose();
  }
}
