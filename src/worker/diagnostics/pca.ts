import { assertMatrixShape } from './matrix-shape';

export interface Pca2d {
  /** Each point's coordinates on the first two principal axes, row-major n × 2. */
  projected: Float32Array;
  /** Variance along each axis (the covariance eigenvalues, sklearn's explained_variance_). */
  explainedVariance: [number, number];
  /** The same as fractions of the total variance (sklearn's explained_variance_ratio_). */
  explainedVarianceRatio: [number, number];
  /** The two unit principal axes, each of length d. */
  components: [Float64Array, Float64Array];
}

const MAX_ITERATIONS = 2000;
const TOLERANCE = 1e-12;

/**
 * The first two principal components of n points in d dimensions (row-major), for plotting a latent
 * space in 2-D. Builds the d × d sample covariance (dividing by n − 1) in float64, finds the top
 * eigenvector by power iteration, removes it (deflation: C − λ v vᵀ) and finds the next the same way.
 * d ≤ 256 keeps the covariance at most 64k entries, so this is cheap next to an epoch.
 * Deterministic: power iteration starts from the covariance column of largest norm (never
 * orthogonal to the top axis unless C is zero), and each axis is signed so that its largest-magnitude
 * entry is positive, so the same latents always plot the same way round.
 */
export function pca2d(points: Float32Array, n: number, d: number): Pca2d {
  assertMatrixShape('pca2d', 'points', points, n, d);
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) means[k] = (means[k] ?? 0) + (points[i * d + k] ?? 0);
  for (let k = 0; k < d; k++) means[k] = (means[k] ?? 0) / n;

  const covariance = new Float64Array(d * d);
  const centered = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) centered[k] = (points[i * d + k] ?? 0) - (means[k] ?? 0);
    for (let a = 0; a < d; a++) {
      const ca = centered[a] ?? 0;
      for (let b = a; b < d; b++) covariance[a * d + b] = (covariance[a * d + b] ?? 0) + ca * (centered[b] ?? 0);
    }
  }
  const denominator = Math.max(n - 1, 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const value = (covariance[a * d + b] ?? 0) / denominator;
      covariance[a * d + b] = value;
      covariance[b * d + a] = value;
    }
  }
  let totalVariance = 0;
  for (let a = 0; a < d; a++) totalVariance += covariance[a * d + a] ?? 0;

  const first = topEigenpair(covariance, d);
  deflate(covariance, d, first);
  const second = d > 1 ? topEigenpair(covariance, d, first.vector) : { value: 0, vector: new Float64Array(d) };

  const projected = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    let p0 = 0;
    let p1 = 0;
    for (let k = 0; k < d; k++) {
      const c = (points[i * d + k] ?? 0) - (means[k] ?? 0);
      p0 += c * (first.vector[k] ?? 0);
      p1 += c * (second.vector[k] ?? 0);
    }
    projected[2 * i] = p0;
    projected[2 * i + 1] = p1;
  }
  const ratio = (v: number) => (totalVariance > 0 ? v / totalVariance : 0);
  return {
    projected,
    explainedVariance: [first.value, second.value],
    explainedVarianceRatio: [ratio(first.value), ratio(second.value)],
    components: [first.vector, second.vector],
  };
}

interface Eigenpair {
  value: number;
  vector: Float64Array;
}

/**
 * Power iteration for the dominant eigenpair of a symmetric PSD matrix. With `orthogonalTo` (the
 * axis already found) each iterate is re-orthogonalized against it, so rounding left by the
 * deflation cannot steer the second axis back onto the first.
 */
function topEigenpair(matrix: Float64Array, d: number, orthogonalTo?: Float64Array): Eigenpair {
  const project = (v: Float64Array) => {
    if (orthogonalTo) removeComponent(v, orthogonalTo);
    return normalize(v);
  };
  let vector = largestColumn(matrix, d);
  if (!project(vector)) vector = firstBasisVectorOrthogonalTo(d, orthogonalTo);
  if (!project(vector)) return { value: 0, vector: new Float64Array(d) };
  let value = 0;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const next = multiply(matrix, d, vector);
    // Rayleigh quotient vᵀCv with ‖v‖ = 1: the eigenvalue estimate.
    value = dot(vector, next);
    // C v = 0: v already spans a null direction (no variance left), and it is a valid axis.
    if (!project(next)) break;
    let change = 0;
    for (let k = 0; k < d; k++) change = Math.max(change, Math.abs((next[k] ?? 0) - (vector[k] ?? 0)));
    vector = next;
    if (change < TOLERANCE) break;
  }
  signByLargestEntry(vector);
  return { value: Math.max(value, 0), vector };
}

/** A standard basis vector not parallel to `axis`, to start from when C has no variance left. */
function firstBasisVectorOrthogonalTo(d: number, axis: Float64Array | undefined): Float64Array {
  let pick = 0;
  if (axis) for (let k = 0; k < d; k++) if (Math.abs(axis[k] ?? 0) < Math.abs(axis[pick] ?? 0)) pick = k;
  const v = new Float64Array(d);
  v[pick] = 1;
  return v;
}

function removeComponent(v: Float64Array, axis: Float64Array): void {
  const along = dot(v, axis);
  for (let k = 0; k < v.length; k++) v[k] = (v[k] ?? 0) - along * (axis[k] ?? 0);
}

function deflate(matrix: Float64Array, d: number, { value, vector }: Eigenpair): void {
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) matrix[a * d + b] = (matrix[a * d + b] ?? 0) - value * (vector[a] ?? 0) * (vector[b] ?? 0);
  }
}

function largestColumn(matrix: Float64Array, d: number): Float64Array {
  let best = 0;
  let bestNorm = -1;
  for (let b = 0; b < d; b++) {
    let norm = 0;
    for (let a = 0; a < d; a++) norm += (matrix[a * d + b] ?? 0) ** 2;
    if (norm > bestNorm) {
      bestNorm = norm;
      best = b;
    }
  }
  const column = new Float64Array(d);
  for (let a = 0; a < d; a++) column[a] = matrix[a * d + best] ?? 0;
  return column;
}

function multiply(matrix: Float64Array, d: number, vector: Float64Array): Float64Array {
  const out = new Float64Array(d);
  for (let a = 0; a < d; a++) {
    let sum = 0;
    for (let b = 0; b < d; b++) sum += (matrix[a * d + b] ?? 0) * (vector[b] ?? 0);
    out[a] = sum;
  }
  return out;
}

function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < u.length; k++) sum += (u[k] ?? 0) * (v[k] ?? 0);
  return sum;
}

/** Scales v to unit length in place; false when v is (numerically) zero and has no direction. */
function normalize(v: Float64Array): boolean {
  const norm = Math.sqrt(dot(v, v));
  if (!(norm > 1e-300)) return false;
  for (let k = 0; k < v.length; k++) v[k] = (v[k] ?? 0) / norm;
  return true;
}

function signByLargestEntry(v: Float64Array): void {
  let largest = 0;
  for (let k = 0; k < v.length; k++) if (Math.abs(v[k] ?? 0) > Math.abs(v[largest] ?? 0)) largest = k;
  if ((v[largest] ?? 0) < 0) for (let k = 0; k < v.length; k++) v[k] = -(v[k] ?? 0);
}
