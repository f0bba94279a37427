/** The KL grid's canvas cells: where each cell is, which cell a point is in, and what is painted. */
import { describe, expect, it } from 'vitest';
import { cellAt, cellBox, paintKlCells, type CellLayout } from '../../../../src/renderer/src/charts/kl-grid-cells';

// 3 epochs × 4 dimensions in a 302 × 43 box with 1px gaps: cells 100 × 10 at a 101 and 11 pitch.
const layout: CellLayout = { width: 302, height: 43, columns: 3, rows: 4, gap: 1 };

describe('KL grid cells', () => {
  it('lay the cells on the grid tracks: equal cells with the gap between them', () => {
    expect(cellBox(layout, 0, 0)).toEqual({ x: 0, y: 0, width: 100, height: 10 });
    expect(cellBox(layout, 2, 3)).toEqual({ x: 202, y: 33, width: 100, height: 10 });
    const last = cellBox(layout, 2, 3);
    expect(last.x + last.width).toBe(layout.width);
    expect(last.y + last.height).toBe(layout.height);
  });

  it('map a point to the cell under it, a gap to the cell before it, and outside to none', () => {
    expect(cellAt(layout, 0, 0)).toEqual({ column: 0, row: 0 });
    expect(cellAt(layout, 99.9, 9.9)).toEqual({ column: 0, row: 0 });
    expect(cellAt(layout, 100.5, 10.5)).toEqual({ column: 0, row: 0 });
    expect(cellAt(layout, 101, 11)).toEqual({ column: 1, row: 1 });
    expect(cellAt(layout, 301.9, 42.9)).toEqual({ column: 2, row: 3 });
    expect(cellAt(layout, 302, 5)).toBeNull();
    expect(cellAt(layout, -1, 5)).toBeNull();
    expect(cellAt({ ...layout, columns: 0 }, 5, 5)).toBeNull();
  });

  it('paint every cell in its colour on whole device pixels, and nothing for a missing value', () => {
    const fills: { style: string; rect: number[] }[] = [];
    const context = {
      canvas: { width: 604, height: 86 },
      fillStyle: '',
      clearRect: () => fills.splice(0),
      fillRect(...rect: number[]) {
        fills.push({ style: this.fillStyle, rect });
      },
    };
    const colors = [
      ['#a', '#b', '#c', '#d'],
      ['#e', '#f', '#g', '#h'],
      ['#i', '#j', '#k'],
    ];
    paintKlCells(context as unknown as CanvasRenderingContext2D, layout, colors, 2);
    expect(fills).toHaveLength(11);
    expect(fills[0]).toEqual({ style: '#a', rect: [0, 0, 200, 20] });
    expect(fills.find((fill) => fill.style === '#k')).toEqual({ style: '#k', rect: [404, 44, 200, 20] });
    for (const fill of fills) expect(fill.rect.every(Number.isInteger)).toBe(true);
  });
});
