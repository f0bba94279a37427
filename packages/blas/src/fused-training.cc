// Fused kernels for the training step on the 'cpu-blas' backend: a dense layer's bias and
// activation after its sgemm, its three gradients in one call, the global gradient norm and
// Adam's update. Each replaces a chain of TensorFlow.js ops (one WebAssembly pass and one tensor
// allocation per op) with one native pass.
#include <node_api.h>

#include <climits>
#include <cmath>
#include <cstdint>
#include <vector>

#include "blas-api.h"
#include "fused-simd.h"
#include "fused.h"
#include "napi-args.h"

namespace {

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

void RegisterTrainingKernels(napi_env env, napi_value exports) {
  DefineFunctions(env, exports, {{"biasActivate", BiasActivate}, {"denseGrad", DenseGrad}, {"sumOfSquares", SumOfSquaresOf}, {"adam", Adam}});
}
