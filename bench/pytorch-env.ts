/**
 * The environment PyTorch's reference runs get: its fastest setup on these machines (ENVIRONMENT.md)
 * is the OpenMP build of OpenBLAS, and without the OPENBLAS_CORETYPE=Haswell this machine sets
 * (which limits OpenBLAS to AVX2). The scripts name the BLAS they really loaded in their output.
 */
export function pytorchEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LD_LIBRARY_PATH: '/usr/lib/x86_64-linux-gnu/openblas-openmp' };
  delete env.OPENBLAS_CORETYPE;
  return env;
}
