// The native binding, built by `node-gyp rebuild` at install time (see binding.gyp). Loading it
// throws when the build is missing or libopenblas.so.0 cannot be found; the workbench catches that
// and falls back to another backend, recording why. Its functions are typed and documented once,
// in index.d.ts (BlasBinding).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default require('./build/Release/blas.node');
