/**
 * The Runs table's column choice, shared by every visit to the Runs view while the app is open
 * (leaving the view and coming back keeps it). What each id means: run-table-columns.ts.
 */
import { SvelteSet } from 'svelte/reactivity';
import { visibleColumns } from './run-table-columns';

class RunTableColumns {
  readonly hidden = new SvelteSet<string>();
  added: readonly string[] = $state.raw([]);

  get columns() {
    return visibleColumns(this.hidden, this.added);
  }

  toggleStandard(id: string): void {
    if (this.hidden.has(id)) this.hidden.delete(id);
    else this.hidden.add(id);
  }

  add(id: string): void {
    if (!this.added.includes(id)) this.added = [...this.added, id];
  }

  remove(id: string): void {
    this.added = this.added.filter((existing) => existing !== id);
  }
}

export const runTableColumns = new RunTableColumns();
