/**
 * "Export with data": the numbers the figure draws, long form, one row per drawn point or bar, so
 * every panel can be rebuilt (per-dimension KL included). Made from the same FigurePlot as the chart.
 */
import type { FigurePlot } from './figure-plot';

const HEADER = 'panel,kind,run_id,run,series,epoch,x_name,x,y_name,y';

export function figureCsv(plot: FigurePlot): string {
  const rows: string[] = [HEADER];
  for (const panel of plot.panels) {
    if (panel.kind === 'kl-per-dim') {
      for (const bar of panel.bars) {
        bar.values.forEach((value, dim) => rows.push(row(panel.letter, `kl-per-dim ${panel.style}`, bar.runId, bar.runName, 'kl', bar.epoch, 'dimension', dim, panel.yTitle, value)));
      }
      continue;
    }
    if (panel.kind === 'images') {
      // An image grid is drawn from pixels, not numbers: the row says which stored grid it is.
      const image = panel.image;
      if (image) rows.push(row(panel.letter, `images ${image.grid}`, image.runId, image.runName, image.grid, image.epoch, 'width (px)', image.width, 'height (px)', image.height));
      continue;
    }
    if (panel.kind === 'latent-scatter') {
      const scatter = panel.scatter;
      for (const entry of scatter?.classes ?? []) {
        for (const [x, y] of entry.points) rows.push(row(panel.letter, panel.kind, scatter?.runId ?? '', scatter?.runName ?? '', `class ${entry.label}`, scatter?.epoch ?? '', panel.xTitle, x, panel.yTitle, y));
      }
      continue;
    }
    for (const line of panel.lines) {
      const name = panel.kind === 'curves' ? panel.metric : 'rate-distortion';
      line.points.forEach(([x, y], i) => rows.push(row(panel.letter, panel.kind, line.runId, line.runName, line.raw ? `${name} smoothed` : name, line.epochs[i] ?? '', panel.xTitle, x, panel.yTitle, y)));
      line.raw?.forEach(([x, y], i) => rows.push(row(panel.letter, panel.kind, line.runId, line.runName, `${name} raw`, line.epochs[i] ?? '', panel.xTitle, x, panel.yTitle, y)));
    }
  }
  return `${rows.join('\n')}\n`;
}

function row(...cells: (string | number)[]): string {
  return cells.map(csvCell).join(',');
}

/** Numbers at full precision (round-trip exact); text quoted when it holds a comma, quote or newline. */
function csvCell(cell: string | number): string {
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : Number.isNaN(cell) ? 'NaN' : cell > 0 ? 'Infinity' : '-Infinity';
  return /[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
