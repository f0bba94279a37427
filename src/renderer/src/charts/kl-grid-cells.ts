/**
 * The linked views' KL grid cells (dimensions as rows, epochs as columns) painted on one canvas,
 * and a point on it mapped back to its cell. As buttons, 64 dimensions × 20 epochs were 1,280
 * elements that every selection's frame laid out, pre-painted and painted again (~5.5 ms of paint
 * a frame, measured); one canvas is painted when the KL values or its size change, never on a
 * selection. The cells sit exactly where the grid's tracks are: equal rows and columns with a gap
 * between them. Pure apart from the 2-D context it is given.
 */

export interface CellLayout {
  /** The canvas box in CSS pixels. */
  width: number;
  height: number;
  /** Columns (epochs) and rows (dimensions). */
  columns: number;
  rows: number;
  /** CSS pixels between neighbouring cells. */
  gap: number;
}

/** A cell's box in CSS pixels. */
export function cellBox(layout: CellLayout, column: number, row: number): { x: number; y: number; width: number; height: number } {
  const width = (layout.width - (layout.columns - 1) * layout.gap) / layout.columns;
  const height = (layout.height - (layout.rows - 1) * layout.gap) / layout.rows;
  return { x: column * (width + layout.gap), y: row * (height + layout.gap), width, height };
}

/** The cell under a point (CSS pixels from the canvas's top left; a gap counts as the cell before it), or null outside. */
export function cellAt(layout: CellLayout, x: number, y: number): { column: number; row: number } | null {
  if (layout.columns <= 0 || layout.rows <= 0 || x < 0 || y < 0 || x >= layout.width || y >= layout.height) return null;
  const column = Math.min(layout.columns - 1, Math.floor((x * layout.columns) / (layout.width + layout.gap)));
  const row = Math.min(layout.rows - 1, Math.floor((y * layout.rows) / (layout.height + layout.gap)));
  return { column, row };
}

/** Paints colors[column][row] into each cell; `ratio` device pixels per CSS pixel (the context is not transformed). */
export function paintKlCells(context: CanvasRenderingContext2D, layout: CellLayout, colors: readonly (readonly string[])[], ratio: number): void {
  context.clearRect(0, 0, context.canvas.width, context.canvas.height);
  for (let column = 0; column < layout.columns; column++) {
    for (let row = 0; row < layout.rows; row++) {
      const colour = colors[column]?.[row];
      if (!colour) continue;
      const box = cellBox(layout, column, row);
      // Whole device pixels, so neighbouring cells neither overlap nor leave a seam inside a cell.
      const left = Math.round(box.x * ratio);
      const top = Math.round(box.y * ratio);
      context.fillStyle = colour;
      context.fillRect(left, top, Math.round((box.x + box.width) * ratio) - left, Math.round((box.y + box.height) * ratio) - top);
    }
  }
}
