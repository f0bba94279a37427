/**
 * Per-coordinate mean and variance of repeated gradient estimates (Welford's update in float64, so
 * a high-SNR coordinate's small variance is not lost to cancellation), and their summary per
 * parameter group: mean variance, the signal-to-noise ratio |mean| / sd (Rainforth et al. 2018,
 * "Tighter variational bounds are not necessarily better"), and the norm of the mean.
 */
import type { GradientGroupStats } from '../../shared/gradient-lab';
import type { ParameterGroupSpec, VariablePart } from './gradient-problem';

export class GradientMoments {
  private count = 0;
  readonly means: Float64Array[];
  private readonly squares: Float64Array[];

  constructor(readonly sizes: readonly number[], readonly lastAxes: readonly number[]) {
    this.means = sizes.map((size) => new Float64Array(size));
    this.squares = sizes.map((size) => new Float64Array(size));
  }

  get replicates(): number {
    return this.count;
  }

  /** Adds one estimate: one flat array per variable. */
  add(estimate: readonly ArrayLike<number>[]): void {
    this.count += 1;
    const n = this.count;
    estimate.forEach((values, v) => {
      const mean = this.means[v] as Float64Array;
      const square = this.squares[v] as Float64Array;
      for (let i = 0; i < mean.length; i++) {
        const x = values[i] as number;
        const delta = x - (mean[i] as number);
        mean[i] = (mean[i] as number) + delta / n;
        square[i] = (square[i] as number) + delta * (x - (mean[i] as number));
      }
    });
  }

  /** Unbiased variance of one estimate, per coordinate of variable v. */
  variance(v: number, i: number): number {
    return this.count > 1 ? ((this.squares[v] as Float64Array)[i] as number) / (this.count - 1) : Number.NaN;
  }

  summarize(name: string, parts: readonly VariablePart[]): GradientGroupStats {
    let size = 0;
    let varianceSum = 0;
    let normSquared = 0;
    const snrs: number[] = [];
    for (const part of parts) {
      const mean = this.means[part.variable];
      if (!mean) throw new RangeError(`group "${name}" names variable ${part.variable}, which has no moments`);
      const last = this.lastAxes[part.variable] ?? 1;
      for (let i = 0; i < mean.length; i++) {
        const column = i % last;
        if (part.lastAxis && (column < part.lastAxis[0] || column >= part.lastAxis[1])) continue;
        const m = mean[i] as number;
        const variance = this.variance(part.variable, i);
        size += 1;
        varianceSum += variance;
        normSquared += m * m;
        // A coordinate no sample moves (a dead ReLU unit's weights) has no noise and no signal.
        if (variance > 0) snrs.push(Math.abs(m) / Math.sqrt(variance));
      }
    }
    snrs.sort((a, b) => a - b);
    const mid = snrs.length >> 1;
    const median = snrs.length === 0 ? Number.NaN : snrs.length % 2 ? (snrs[mid] as number) : ((snrs[mid - 1] as number) + (snrs[mid] as number)) / 2;
    return {
      group: name,
      size,
      variance: size > 0 ? varianceSum / size : Number.NaN,
      snr: snrs.length > 0 ? snrs.reduce((a, b) => a + b, 0) / snrs.length : Number.NaN,
      snrMedian: median,
      meanNorm: Math.sqrt(normSquared),
    };
  }

  /**
   * Only `summarize(...).snr`, the mean over the parts' coordinates of |mean| / sd, in one pass with
   * nothing sorted or kept: the training-time metric needs no median, and for the ~300k weights of
   * an MNIST encoder the median's sort cost more than the estimates themselves.
   */
  meanSnr(parts: readonly VariablePart[]): number {
    let sum = 0;
    let counted = 0;
    for (const part of parts) {
      const mean = this.means[part.variable];
      if (!mean) throw new RangeError(`a part names variable ${part.variable}, which has no moments`);
      const last = this.lastAxes[part.variable] ?? 1;
      for (let i = 0; i < mean.length; i++) {
        const column = i % last;
        if (part.lastAxis && (column < part.lastAxis[0] || column >= part.lastAxis[1])) continue;
        const variance = this.variance(part.variable, i);
        if (!(variance > 0)) continue;
        sum += Math.abs(mean[i] as number) / Math.sqrt(variance);
        counted += 1;
      }
    }
    return counted > 0 ? sum / counted : Number.NaN;
  }

  summarizeGroups(groups: readonly ParameterGroupSpec[]): { groups: GradientGroupStats[]; total: GradientGroupStats } {
    const everything = this.sizes.map((_, variable) => ({ variable }));
    return { groups: groups.map((group) => this.summarize(group.name, group.parts)), total: this.summarize('all encoder parameters', everything) };
  }
}
