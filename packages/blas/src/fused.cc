// Fused training kernels for the 'cpu-blas' backend: each replaces a chain of TensorFlow.js ops
// (one WebAssembly pass and one tensor allocation per op) with one native pass.
//
// The transcendental functions come from glibc's vector math library (libmvec, ≤ 4 ulp): the
// simd attribute below tells GCC those vector variants exist, so loops calling expf and log1pf
// are vectorized without -ffast-math. The build keeps IEEE semantics otherwise (NaN stays NaN,
// comparisons with NaN are false), which the workbench's NaN guard relies on.
#include <node_api.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "blas-api.h"
#include "fused.h"
#include "napi-args.h"

#if defined(__x86_64__) && defined(__GLIBC__)
// glibc's libmvec has SSE, AVX2 and AVX-512 variants of both (log1pf's since glibc 2.35; the
// package links with -z now, so an older glibc fails the load, and the workbench falls back to
// 'wasm' naming the missing symbol, instead of failing mid-training).
extern "C" {
__attribute__((simd("notinbranch"), const, nothrow)) float vwb_expf(float) __asm__("expf");
__attribute__((simd("notinbranch"), const, nothrow)) float vwb_log1pf(float) __asm__("log1pf");
}
// Vectorized loops get a clone per instruction set; the loader picks the best one at run time,
// so the package stays portable to x86-64 machines without AVX.
#define VWB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
// Elsewhere (another architecture or C library): the scalar functions, same results.
static inline float vwb_expf(float x) { return std::exp(x); }
static inline float vwb_log1pf(float x) { return std::log1p(x); }
#define VWB_CLONES
#endif

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

// g = dy·step(y) for the layer's relu output y, as the composite computes it: dy where y > 0,
// dy·0 where not (0, or NaN for an infinite or NaN dy), NaN where y is NaN (tf.step(NaN) = NaN).
VWB_CLONES void ReluMask(const float* dy, const float* y, int64_t size, float* g) {
#pragma omp simd
  for (int64_t i = 0; i < size; i++) {
    const float v = y[i];
    g[i] = v > 0.0f ? dy[i] : (v != v ? v : dy[i] * 0.0f);
  }
}

VWB_CLONES void ColumnSums(const float* g, int64_t rows, int64_t cols, float* out) {
  for (int64_t j = 0; j < cols; j++) out[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    const float* gr = g + r * cols;
#pragma omp simd
    for (int64_t j = 0; j < cols; j++) out[j] += gr[j];
  }
}

VWB_CLONES double SumOfSquares(const float* v, int64_t size) {
  // Float lanes in blocks, each block's total added in double: 650k squares summed in float alone
  // would lose digits to the running total.
  double total = 0.0;
  constexpr int64_t kBlock = 4096;
  for (int64_t start = 0; start < size; start += kBlock) {
    const int64_t end = start + kBlock < size ? start + kBlock : size;
    float block = 0.0f;
#pragma omp simd reduction(+ : block)
    for (int64_t i = start; i < end; i++) block += v[i] * v[i];
    total += block;
  }
  return total;
}

// tf.train.adam's update (tfjs-core adam_optimizer.ts), with the gradient scaled first:
//   g ← scale·g;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  p ← p − lr·(m/bc₁) / (√(v/bc₂) + ε)
// where bc₁ = 1 − β₁ᵗ and bc₂ = 1 − β₂ᵗ are the bias corrections.
VWB_CLONES void AdamUpdate(const float* p, const float* g, const float* m, const float* v, int64_t size, const AdamScalars& s,
                           float* p_out, float* m_out, float* v_out) {
  const float b1 = s.beta1, b2 = s.beta2, one_b1 = s.one_minus_beta1, one_b2 = s.one_minus_beta2;
  const float scale = s.grad_scale, lr = s.lr, eps = s.epsilon, bc1 = s.bias_correction1, bc2 = s.bias_correction2;
#pragma omp simd
  for (int64_t i = 0; i < size; i++) {
    const float gi = g[i] * scale;
    const float mi = b1 * m[i] + one_b1 * gi;
    const float vi = b2 * v[i] + one_b2 * (gi * gi);
    m_out[i] = mi;
    v_out[i] = vi;
    p_out[i] = p[i] - lr * ((mi / bc1) / (std::sqrt(vi / bc2) + eps));
  }
}

VWB_CLONES void BiasActivateRows(float* values, const float* bias, int64_t rows, int64_t cols, bool relu) {
  for (int64_t r = 0; r < rows; r++) {
    float* row = values + r * cols;
    if (bias != nullptr) {
#pragma omp simd
      for (int64_t j = 0; j < cols; j++) row[j] += bias[j];
    }
    if (relu) {
      // v < 0 is false for NaN, so a NaN stays NaN (as tf.relu keeps it).
#pragma omp simd
      for (int64_t j = 0; j < cols; j++) row[j] = row[j] < 0.0f ? 0.0f : row[j];
    }
  }
}

// biasActivate(values, bias | null, rows, cols, relu): values [rows, cols] += bias (one per column),
// then relu if asked, in place: the epilogue of a dense layer's sgemm.
napi_value BiasActivate(napi_env env, napi_callback_info info) {
  Args args(env, info, 5, "biasActivate(values, bias, rows, cols, relu)");
  int64_t rows = 0, cols = 0, size = 0;
  bool relu = false;
  if (!args.Int(2, &rows, "rows") || !args.Int(3, &cols, "cols") || !args.Product(rows, cols, &size) || !args.Bool(4, &relu, "relu")) return nullptr;
  Floats values, bias;
  if (!args.Array(0, size, &values, "values") || !args.OptionalArray(1, cols, &bias, "bias")) return nullptr;
  BiasActivateRows(values.data, bias.data, rows, cols, relu);
  return nullptr;
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

// denseGrad(x, w, y, dy, batch, inputs, outputs, relu, dx | null, dw, db)
// For y = act(x·W + b) with x [batch, inputs], W [inputs, outputs]: g = dy·act'(y), then
// dW = xᵀ·g, db = Σ_rows g, dx = g·Wᵀ (skipped when dx is null: a layer whose input is data).
napi_value DenseGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "denseGrad(x, w, y, dy, batch, inputs, outputs, relu, dx, dw, db)");
  int64_t batch = 0, inputs = 0, outputs = 0;
  bool relu = false;
  if (!args.Int(4, &batch, "batch", INT_MAX) || !args.Int(5, &inputs, "inputs", INT_MAX) || !args.Int(6, &outputs, "outputs", INT_MAX) ||
      !args.Bool(7, &relu, "relu")) {
    return nullptr;
  }
  int64_t x_size, w_size, y_size;
  if (!args.Product(batch, inputs, &x_size) || !args.Product(inputs, outputs, &w_size) || !args.Product(batch, outputs, &y_size)) return nullptr;
  Floats x, w, y, dy, dx, dw, db;
  if (!args.Array(0, x_size, &x, "x") || !args.Array(1, w_size, &w, "w") || !args.Array(2, y_size, &y, "y") ||
      !args.Array(3, y_size, &dy, "dy") || !args.OptionalArray(8, x_size, &dx, "dx") || !args.Array(9, w_size, &dw, "dw") ||
      !args.Array(10, outputs, &db, "db")) {
    return nullptr;
  }
  const float* g = dy.data;
  static thread_local std::vector<float> masked;
  if (relu) {
    masked.resize(static_cast<size_t>(y_size));
    ReluMask(dy.data, y.data, y_size, masked.data());
    g = masked.data();
  }
  ColumnSums(g, batch, outputs, db.data);
  const int b = static_cast<int>(batch), in = static_cast<int>(inputs), out = static_cast<int>(outputs);
  if (batch == 0) {
    for (int64_t i = 0; i < w_size; i++) dw.data[i] = 0.0f;
    return nullptr;
  }
  if (inputs == 0 || outputs == 0) {
    // An empty sum over the outputs: dx is all zeros (dW has no elements, or was zeroed above).
    if (dx.data != nullptr) for (int64_t i = 0; i < x_size; i++) dx.data[i] = 0.0f;
    return nullptr;
  }
  // dW [inputs, outputs] = xᵀ [inputs, batch] · g [batch, outputs]
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, in, out, b, 1.0f, x.data, in, g, out, 0.0f, dw.data, out);
  // dx [batch, inputs] = g [batch, outputs] · Wᵀ [outputs, inputs]
  if (dx.data != nullptr) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b, in, out, 1.0f, g, out, w.data, out, 0.0f, dx.data, in);
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

// sumOfSquares(arrays) → Σ over every array of Σ v², as a double.
napi_value SumOfSquaresOf(napi_env env, napi_callback_info info) {
  Args args(env, info, 1, "sumOfSquares(arrays)");
  uint32_t count = 0;
  if (!args.ArrayLength(0, &count, "arrays")) return nullptr;
  double total = 0.0;
  for (uint32_t i = 0; i < count; i++) {
    Floats values;
    if (!args.Element(0, i, &values, "arrays")) return nullptr;
    total += SumOfSquares(values.data, static_cast<int64_t>(values.length));
  }
  napi_value result;
  napi_create_double(env, total, &result);
  return result;
}

// adam(p, g, m, v, pOut, mOut, vOut, gradScale, lr, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon,
//      biasCorrection1, biasCorrection2): 1 − β comes from the caller, rounded from double as tfjs does.
napi_value Adam(napi_env env, napi_callback_info info) {
  Args args(env, info, 16,
            "adam(p, g, m, v, pOut, mOut, vOut, gradScale, lr, beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, biasCorrection1, "
            "biasCorrection2)");
  Floats p;
  if (!args.Array(0, -1, &p, "p")) return nullptr;
  const int64_t size = static_cast<int64_t>(p.length);
  Floats g, m, v, p_out, m_out, v_out;
  if (!args.Array(1, size, &g, "g") || !args.Array(2, size, &m, "m") || !args.Array(3, size, &v, "v") || !args.Array(4, size, &p_out, "pOut") ||
      !args.Array(5, size, &m_out, "mOut") || !args.Array(6, size, &v_out, "vOut")) {
    return nullptr;
  }
  AdamScalars s;
  if (!args.Float(7, &s.grad_scale, "gradScale") || !args.Float(8, &s.lr, "lr") || !args.Float(9, &s.beta1, "beta1") ||
      !args.Float(10, &s.beta2, "beta2") || !args.Float(11, &s.one_minus_beta1, "oneMinusBeta1") ||
      !args.Float(12, &s.one_minus_beta2, "oneMinusBeta2") || !args.Float(13, &s.epsilon, "epsilon") ||
      !args.Float(14, &s.bias_correction1, "biasCorrection1") || !args.Float(15, &s.bias_correction2, "biasCorrection2")) {
    return nullptr;
  }
  AdamUpdate(p.data, g.data, m.data, v.data, size, s, p_out.data, m_out.data, v_out.data);
  return nullptr;
}

}  // namespace

void RegisterFusedKernels(napi_env env, napi_value exports) {
  DefineFunctions(env, exports, {{"gaussianLatent", GaussianLatent},
                                 {"gaussianLatentGrad", GaussianLatentGrad},
                                 {"biasActivate", BiasActivate},
                                 {"denseGrad", DenseGrad},
                                 {"bernoulli", Bernoulli},
                                 {"bernoulliGrad", BernoulliGrad},
                                 {"sumOfSquares", SumOfSquaresOf},
                                 {"adam", Adam}});
}
