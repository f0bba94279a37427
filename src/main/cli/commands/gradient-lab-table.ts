/**
 * The gradient lab's result as plain-text tables, one per parameter group (all encoder weights
 * first): per estimator and sample count L, the variance of one estimate, L · variance (constant when
 * the variance falls as 1/L), the SNR |mean| / sd (mean and median over coordinates), and the cost.
 */
import { GRADIENT_ESTIMATOR_LABELS, snrNoiseFloor, type GradientGroupStats, type GradientLabResult } from '../../../shared/gradient-lab';

const number = (value: number) => (Number.isFinite(value) ? (Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-2 && value !== 0) ? value.toExponential(2) : value.toFixed(3)) : '—');

function table(result: GradientLabResult, title: string, pick: (groups: GradientGroupStats[], total: GradientGroupStats) => GradientGroupStats | undefined): string[] {
  const header = ['estimator', 'L', 'variance', 'L·variance', 'SNR mean', 'SNR median', 'ms/estimate', 'decoder rows'];
  const rows = result.rows.flatMap((row) => {
    const stats = pick(row.groups, row.total);
    if (!stats) return [];
    return [[GRADIENT_ESTIMATOR_LABELS[row.estimator], String(row.samples), number(stats.variance), number(stats.variance * row.samples), number(stats.snr), number(stats.snrMedian), row.msPerEstimate.toFixed(1), String(row.decoderRowsPerEstimate)]];
  });
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  return [title, line(header), ...rows.map(line), ''];
}

export function gradientLabText(result: GradientLabResult, runLabel: string): string {
  const lines = [
    `Encoder gradient of the loss (−ELBO, KL in closed form) for ${runLabel}, epoch ${result.epoch} (step ${result.step}):`,
    `${result.points} ${result.split} points, ${result.replicates} estimates per row, backend ${result.backend}, ${result.seconds.toFixed(1)} s.`,
    'variance: mean over coordinates of the variance of one estimate; SNR: |mean| / sd per coordinate (Rainforth et al. 2018).',
    `With ${result.replicates} estimates a coordinate without signal still shows SNR ≈ ${snrNoiseFloor(result.replicates).toFixed(2)}: values near it mean indistinguishable from zero.`,
    '',
  ];
  const size = result.groups.reduce((sum, group) => sum + group.size, 0);
  lines.push(...table(result, `All encoder parameters (${size.toLocaleString('en-US')} coordinates)`, (_, total) => total));
  for (const group of result.groups) {
    lines.push(...table(result, `${group.name} (${group.size.toLocaleString('en-US')} coordinates)`, (groups) => groups.find((g) => g.group === group.name)));
  }
  return lines.join('\n');
}
