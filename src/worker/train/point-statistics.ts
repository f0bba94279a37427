/** Mean and standard error of per-point values, summed in float64 (float32 sums of squares of ~10⁴-sized ELBOs cancel badly). */
export interface MeanWithError {
  mean: number;
  /** sd / √n with the sample sd (n − 1); 0 for a single point. */
  stdErr: number;
}

export class PointStatistics {
  private count = 0;
  private mean = 0;
  private m2 = 0;

  /** Welford's update, one value at a time. */
  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      this.count++;
      const delta = value - this.mean;
      this.mean += delta / this.count;
      this.m2 += delta * (value - this.mean);
    }
  }

  result(): MeanWithError {
    if (this.count === 0) return { mean: Number.NaN, stdErr: Number.NaN };
    const variance = this.count > 1 ? this.m2 / (this.count - 1) : 0;
    return { mean: this.mean, stdErr: Math.sqrt(variance / this.count) };
  }
}
