/**
 * Saved figure specs: create, replace, read by id or name, list, delete. Specs are validated with the
 * shared schema on the way in and again on the way out, so a stored spec always parses.
 */
import { randomUUID } from 'node:crypto';
import type { FigureRecord } from '../../../../shared/figures/figure-record';
import { parseFigureSpec } from '../../../../shared/figures/figure-spec';
import { toJsonText } from '../json-text';
import type { Db } from '../sqlite';
import { conflict, notFound } from '../store-errors';

interface FigureRow {
  id: string;
  name: string;
  spec: string;
  created_at: number;
  updated_at: number;
}

function fromRow(row: FigureRow): FigureRecord {
  return { id: row.id, name: row.name, spec: parseFigureSpec(JSON.parse(row.spec)), createdAt: row.created_at, updatedAt: row.updated_at };
}

export class FiguresRepository {
  constructor(private readonly db: Db) {}

  /** Saves a new figure, or replaces the one with `id`. The spec's name is the figure's name. */
  save(input: { id?: string; spec: unknown }, now = Date.now()): FigureRecord {
    const spec = parseFigureSpec(input.spec);
    const clash = this.db.prepare<[string], { id: string }>('SELECT id FROM figures WHERE name = ?').get(spec.name);
    if (clash && clash.id !== input.id) throw conflict(`a figure named "${spec.name}" already exists; choose another name`);
    const text = toJsonText(spec, 'figure spec');
    if (input.id !== undefined) {
      const changed = this.db.prepare('UPDATE figures SET name = ?, spec = ?, updated_at = ? WHERE id = ?').run(spec.name, text, now, input.id).changes;
      if (changed === 0) throw notFound(`no figure with id ${input.id}`);
      return this.get(input.id);
    }
    const id = randomUUID();
    this.db.prepare('INSERT INTO figures (id, name, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, spec.name, text, now, now);
    return this.get(id);
  }

  get(id: string): FigureRecord {
    const row = this.db.prepare<[string], FigureRow>('SELECT * FROM figures WHERE id = ?').get(id);
    if (!row) throw notFound(`no figure with id ${id}`);
    return fromRow(row);
  }

  /** By id, or by name (case-insensitive): what the CLI's FIGURE argument accepts. */
  find(idOrName: string): FigureRecord {
    const row = this.db.prepare<[string, string], FigureRow>('SELECT * FROM figures WHERE id = ? OR name = ?').get(idOrName, idOrName);
    if (!row) throw notFound(`no saved figure with id or name "${idOrName}"`);
    return fromRow(row);
  }

  list(): FigureRecord[] {
    return this.db.prepare<[], FigureRow>('SELECT * FROM figures ORDER BY updated_at DESC, name').all().map(fromRow);
  }

  delete(id: string): void {
    if (this.db.prepare('DELETE FROM figures WHERE id = ?').run(id).changes === 0) throw notFound(`no figure with id ${id}`);
  }
}
