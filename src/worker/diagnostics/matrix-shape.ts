/** Checks that a flat row-major array really holds n rows of d values, naming the caller and the array. */
export function assertMatrixShape(where: string, name: string, values: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1) {
    throw new RangeError(`${where}: n and d must be positive integers, got n=${n}, d=${d}`);
  }
  if (values.length !== n * d) {
    throw new RangeError(`${where}: ${name} has ${values.length} values but n×d = ${n}×${d} = ${n * d}`);
  }
}
