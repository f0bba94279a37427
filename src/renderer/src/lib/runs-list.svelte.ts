/**
 * The Runs table's state: the query (sort, filters, search) the host evaluates, the page of runs it
 * answered, and live updates. A changed run is replaced in place (the row does not jump while the
 * user looks at it); a run the page does not hold yet, or a deletion, triggers a quiet reload.
 */
import type { RunListQuery, RunRecord, RunStatus } from '../../../shared/runs';
import { mergeTags } from './run-facts';
import { DEFAULT_SORT, type RunSort } from './run-columns';
import { onConnectionState, workbench } from './workbench-api';
import { messageOf } from '../../../shared/errors';

const PAGE_SIZE = 100;
const SEARCH_DEBOUNCE_MS = 250;
const RELOAD_DEBOUNCE_MS = 300;

export class RunsList {
  runs: RunRecord[] = $state.raw([]);
  total = $state(0);
  loading = $state(true);
  error: string | null = $state(null);
  sort: RunSort = $state.raw(DEFAULT_SORT);
  status: RunStatus | '' = $state('');
  tag = $state('');
  /** What is typed; the host sees it after a pause in typing. */
  search = $state('');
  limit = $state(PAGE_SIZE);
  /** Every tag seen on a loaded run, for the tag filter. */
  knownTags: readonly string[] = $state.raw([]);

  private sentSearch = $state('');
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private reloadTimer: ReturnType<typeof setTimeout> | undefined;
  private requestSeq = 0;
  private readonly unsubscribes: (() => void)[] = [];

  constructor() {
    this.unsubscribes.push(
      workbench.onRunUpdated((run) => this.onUpdated(run)),
      workbench.onRunDeleted(({ id }) => this.remove(id)),
      // Changes made while the connection was lost sent events nobody received.
      onConnectionState((_state, reconnected) => {
        if (reconnected) void this.load();
      }),
    );
    void this.load();
  }

  get filtered(): boolean {
    return this.status !== '' || this.tag !== '' || this.sentSearch.trim() !== '';
  }

  query(): RunListQuery {
    const query: RunListQuery = { sort: this.sort.key, order: this.sort.order, limit: this.limit };
    if (this.status) query.status = this.status;
    if (this.tag) query.tag = this.tag;
    if (this.sentSearch.trim()) query.search = this.sentSearch.trim();
    return query;
  }

  async load(): Promise<void> {
    const seq = ++this.requestSeq;
    this.loading = true;
    try {
      const list = await workbench.listRuns(this.query());
      // An answer to an older query must not overwrite a newer one.
      if (seq !== this.requestSeq) return;
      this.runs = list.runs;
      this.total = list.total;
      this.error = null;
      this.rememberTags(list.runs);
    } catch (error) {
      if (seq === this.requestSeq) this.error = messageOf(error);
    } finally {
      if (seq === this.requestSeq) this.loading = false;
    }
  }

  setSort(sort: RunSort): void {
    this.sort = sort;
    void this.load();
  }

  setStatus(status: RunStatus | ''): void {
    this.status = status;
    void this.load();
  }

  setTag(tag: string): void {
    this.tag = tag;
    void this.load();
  }

  setSearch(text: string): void {
    this.search = text;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.sentSearch = text;
      void this.load();
    }, SEARCH_DEBOUNCE_MS);
  }

  showMore(): void {
    this.limit += PAGE_SIZE;
    void this.load();
  }

  /** Replaces a run the caller changed (tags, notes) without waiting for the event. */
  replace(run: RunRecord): void {
    this.runs = this.runs.map((existing) => (existing.id === run.id ? run : existing));
    this.rememberTags([run]);
  }

  dispose(): void {
    clearTimeout(this.searchTimer);
    clearTimeout(this.reloadTimer);
    for (const unsubscribe of this.unsubscribes) unsubscribe();
  }

  private onUpdated(run: RunRecord): void {
    if (this.runs.some((existing) => existing.id === run.id)) this.replace(run);
    else this.scheduleReload();
  }

  /** Drops a deleted run from the page (also called by the event, so twice is harmless). */
  remove(id: string): void {
    if (!this.runs.some((existing) => existing.id === id)) return;
    this.runs = this.runs.filter((existing) => existing.id !== id);
    this.total = Math.max(0, this.total - 1);
  }

  private scheduleReload(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.load(), RELOAD_DEBOUNCE_MS);
  }

  private rememberTags(runs: readonly RunRecord[]): void {
    this.knownTags = mergeTags(this.knownTags, runs);
  }
}
