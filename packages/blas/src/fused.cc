// Fused kernels for a VAE's probabilistic layers on the 'cpu-blas' backend: the Gaussian latent
// layer (reparameterization and KL) and the Bernoulli likelihood, each with its gradient. Like the
// training kernels (fused-training.cc), each replaces a chain of TensorFlow.js ops (one
// WebAssembly pass and one tensor allocation per op) with one native pass.
#include <node_api.h>

#include <cmath>
#include <cstdint>

#include "fused-simd.h"
#include "fused.h"
#include "napi-args.h"

namespace {

// Σ_j [x·l − softplus(l)] per row, with softplus(l) = max(l, 0) + log1p(exp(−|l|)): never exp of
// a positive number, so finite for any finite logit.
VWB_CLONES void BernoulliRows(const float* x, const float* logits, int64_t rows, int64_t cols, float* log_px) {
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * cols;
    const float* lr = logits + r * cols;
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int64_t j = 0; j < cols; j++) {
      const float l = lr[j];
      const float softplus = (l > 0.0f ? l : 0.0f) + vwb_log1pf(vwb_expf(-std::fabs(l)));
      sum += xr[j] * l - softplus;
    }
    log_px[r] = sum;
  }
}

// dy[row]·(x − σ(l)), the gradient of the row sums above in the logits. σ(l) comes from the same
// exp(−|l|): 1/(1+e) for l ≥ 0, e/(1+e) below (l ≥ 0 is false for NaN, and e/(1+e) keeps the NaN).
VWB_CLONES void BernoulliGradRows(const float* x, const float* logits, const float* dy, int64_t rows, int64_t cols, float* out) {
  for (int64_t r = 0; r < rows; r++) {
    const float d = dy[r];
    const float* xr = x + r * cols;
    const float* lr = logits + r * cols;
    float* o = out + r * cols;
#pragma omp simd
    for (int64_t j = 0; j < cols; j++) {
      const float l = lr[j];
      const float e = vwb_expf(-std::fabs(l));
      const float inv = 1.0f / (1.0f + e);
      const float sigmoid = l >= 0.0f ? inv : e * inv;
      o[j] = d * (xr[j] - sigmoid);
    }
  }
}

// The Gaussian latent layer of a VAE, per row b and dimension d of the encoder's output h [B, 2D]:
//   μ = h[b, d], logVar = clamp(h[b, D + d]) (when lo < hi), z = μ + exp(½ logVar)·ε,
//   KL_d = ½(μ² + exp(logVar) − logVar − 1).
// Comparisons are written so a NaN input stays NaN through the clamp.
VWB_CLONES void GaussianLatentRows(const float* h, const float* eps, int64_t rows, int64_t dims, bool clamp, float lo, float hi, float* mu,
                                   float* log_var, float* z, float* kl) {
  for (int64_t r = 0; r < rows; r++) {
    const float* mean = h + r * 2 * dims;
    const float* raw = mean + dims;
    const int64_t o = r * dims;
#pragma omp simd
    for (int64_t d = 0; d < dims; d++) {
      const float m = mean[d];
      const float v = raw[d];
      const float lv = clamp ? (v < lo ? lo : (v > hi ? hi : v)) : v;
      mu[o + d] = m;
      log_var[o + d] = lv;
      z[o + d] = m + vwb_expf(0.5f * lv) * eps[o + d];
      kl[o + d] = 0.5f * (m * m + vwb_expf(lv) - lv - 1.0f);
    }
  }
}

// Its gradient in h given the gradients of the four outputs:
//   dh[b, d] = dμ + dz + dKL·μ;
//   dh[b, D + d] = (dlogVar + dz·ε·½σ + dKL·½(σ² − 1)) where lo ≤ h ≤ hi (0 outside, as the clamp's).
VWB_CLONES void GaussianLatentGradRows(const float* h, const float* eps, const float* d_mu, const float* d_log_var, const float* d_z,
                                       const float* d_kl, int64_t rows, int64_t dims, bool clamp, float lo, float hi, float* dh) {
  for (int64_t r = 0; r < rows; r++) {
    const float* mean = h + r * 2 * dims;
    const float* raw = mean + dims;
    float* d_mean = dh + r * 2 * dims;
    float* d_raw = d_mean + dims;
    const int64_t o = r * dims;
#pragma omp simd
    for (int64_t d = 0; d < dims; d++) {
      const float v = raw[d];
      const bool in_band = !clamp || (v >= lo && v <= hi);
      const float lv = clamp ? (v < lo ? lo : (v > hi ? hi : v)) : v;
      const float sigma = vwb_expf(0.5f * lv);
      d_mean[d] = d_mu[o + d] + d_z[o + d] + d_kl[o + d] * mean[d];
      const float g = d_log_var[o + d] + d_z[o + d] * eps[o + d] * 0.5f * sigma + d_kl[o + d] * 0.5f * (vwb_expf(lv) - 1.0f);
      d_raw[d] = in_band ? g : 0.0f;
    }
  }
}

// The scalar arguments both Gaussian latent kernels take, from index `first` on: rows, dims,
// clamp, lo, hi; and the sizes they imply (ε and each output [rows, dims], h [rows, 2·dims]).
struct LatentArgs {
  int64_t rows = 0, dims = 0, size = 0, h_size = 0;
  bool clamp = false;
  float lo = 0.0f, hi = 0.0f;
};

bool ReadLatentArgs(Args& args, size_t first, LatentArgs* a) {
  return args.Int(first, &a->rows, "rows") && args.Int(first + 1, &a->dims, "dims") && args.Product(a->rows, a->dims, &a->size) &&
         args.Product(a->size, 2, &a->h_size) && args.Bool(first + 2, &a->clamp, "clamp") && args.Float(first + 3, &a->lo, "lo") &&
         args.Float(first + 4, &a->hi, "hi");
}

// gaussianLatent(h, eps, rows, dims, clamp, lo, hi, mu, logVar, z, kl)
napi_value GaussianLatent(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "gaussianLatent(h, eps, rows, dims, clamp, lo, hi, mu, logVar, z, kl)");
  LatentArgs a;
  Floats h, eps, mu, log_var, z, kl;
  if (!ReadLatentArgs(args, 2, &a) || !args.Array(0, a.h_size, &h, "h") || !args.Array(1, a.size, &eps, "eps") ||
      !args.Array(7, a.size, &mu, "mu") || !args.Array(8, a.size, &log_var, "logVar") || !args.Array(9, a.size, &z, "z") ||
      !args.Array(10, a.size, &kl, "kl")) {
    return nullptr;
  }
  GaussianLatentRows(h.data, eps.data, a.rows, a.dims, a.clamp, a.lo, a.hi, mu.data, log_var.data, z.data, kl.data);
  return nullptr;
}

// gaussianLatentGrad(h, eps, dMu, dLogVar, dZ, dKl, rows, dims, clamp, lo, hi, dh)
napi_value GaussianLatentGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 12, "gaussianLatentGrad(h, eps, dMu, dLogVar, dZ, dKl, rows, dims, clamp, lo, hi, dh)");
  LatentArgs a;
  Floats h, eps, d_mu, d_log_var, d_z, d_kl, dh;
  if (!ReadLatentArgs(args, 6, &a) || !args.Array(0, a.h_size, &h, "h") || !args.Array(1, a.size, &eps, "eps") ||
      !args.Array(2, a.size, &d_mu, "dMu") || !args.Array(3, a.size, &d_log_var, "dLogVar") || !args.Array(4, a.size, &d_z, "dZ") ||
      !args.Array(5, a.size, &d_kl, "dKl") || !args.Array(11, a.h_size, &dh, "dh")) {
    return nullptr;
  }
  GaussianLatentGradRows(h.data, eps.data, d_mu.data, d_log_var.data, d_z.data, d_kl.data, a.rows, a.dims, a.clamp, a.lo, a.hi, dh.data);
  return nullptr;
}

// bernoulli(x, logits, rows, cols, logPx): log p(x | l) per row, summed over the row.
napi_value Bernoulli(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "bernoulli(x, logits, rows, cols, logPx)");
  int64_t rows = 0, cols = 0, size = 0;
  if (!args.Int(2, &rows, "rows") || !args.Int(3, &cols, "cols") || !args.Product(rows, cols, &size)) return nullptr;
  Floats x, logits, log_px;
  if (!args.Array(0, size, &x, "x") || !args.Array(1, size, &logits, "logits") || !args.Array(4, rows, &log_px, "logPx")) return nullptr;
  BernoulliRows(x.data, logits.data, rows, cols, log_px.data);
  return nullptr;
}

// bernoulliGrad(x, logits, dy, rows, cols, out): out = dy[row]·(x − σ(l)).
napi_value BernoulliGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 6, "bernoulliGrad(x, logits, dy, rows, cols, out)");
  int64_t rows = 0, cols = 0, size = 0;
  if (!args.Int(3, &rows, "rows") || !args.Int(4, &cols, "cols") || !args.Product(rows, cols, &size)) return nullptr;
  Floats x, logits, dy, out;
  if (!args.Array(0, size, &x, "x") || !args.Array(1, size, &logits, "logits") || !args.Array(2, rows, &dy, "dy") ||
      !args.Array(5, size, &out, "out")) {
    return nullptr;
  }
  BernoulliGradRows(x.data, logits.data, dy.data, rows, cols, out.data);
  return nullptr;
}

}  // namespace

void RegisterFusedKernels(napi_env env, napi_value exports) {
  DefineFunctions(env, exports, {{"gaussianLatent", GaussianLatent},
                                 {"gaussianLatentGrad", GaussianLatentGrad},
                                 {"bernoulli", Bernoulli},
                                 {"bernoulliGrad", BernoulliGrad}});
}
