// The native binding, built by `node-gyp rebuild` at install time (see binding.gyp). Loading it
// throws when the build is missing or libopenblas.so.0 cannot be found; the workbench catches that
// and falls back to another backend, recording why.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const binding = require('./build/Release/blas.node');

export const sgemm = binding.sgemm;
export const setThreads = binding.setThreads;
export const describe = binding.describe;
export const gaussianLatent = binding.gaussianLatent;
export const gaussianLatentGrad = binding.gaussianLatentGrad;
export const biasActivate = binding.biasActivate;
export const denseGrad = binding.denseGrad;
export const bernoulli = binding.bernoulli;
export const bernoulliGrad = binding.bernoulliGrad;
export const sumOfSquares = binding.sumOfSquares;
export const adam = binding.adam;
export const conv2d = binding.conv2d;
export const conv2dGrad = binding.conv2dGrad;
export default binding;
