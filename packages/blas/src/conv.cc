// Native stride-1 convolutions for the 'cpu-blas' backend: forward with its bias + activation
// epilogue, and one gradient kernel giving the input, filter and bias gradients, all as OpenBLAS
// sgemm over im2col patches (see conv-geometry.h for the layout and the resampling it folds in).
//
// Why im2col + sgemm rather than a direct loop: every convolution in the workbench's models has
// few channels (1 to 64) and a 3×3 kernel, so a direct form spends its time on tiny inner loops;
// im2col turns each into one matrix product per block of images with a long row dimension, which
// is where OpenBLAS is fastest. Blocks of images keep the patch matrix small enough to stay in
// cache between its write and its product, instead of materializing all of it (58 MB for the
// decoder's last layer at batch 128).
#include <node_api.h>

#include <climits>
#include <cstring>
#include <vector>

#include "blas-api.h"
#include "conv-direct.h"
#include "conv-geometry.h"
#include "napi-args.h"

namespace {

// Patch-matrix elements per block of images: 256K floats (1 MB), at least one image.
constexpr int64_t kBlockElements = 1 << 18;

// Layers with at most this many output channels run the direct form (conv-direct.h).
constexpr int64_t kDirectMaxOutputs = 4;

bool UsesDirectForm(const ConvGeometry& g) { return g.out_channels <= kDirectMaxOutputs; }

int64_t ImagesPerBlock(const ConvGeometry& g) {
  const int64_t per_image = g.out_h * g.out_w * (g.Patch() > 0 ? g.Patch() : 1);
  const int64_t images = per_image > 0 ? kBlockElements / per_image : g.batch;
  return images < 1 ? 1 : images;
}

// The filter the product uses: w, or w ⊙ mask for a masked (autoregressive) convolution.
const float* EffectiveFilter(const float* w, const float* mask, int64_t size, std::vector<float>* scratch) {
  if (mask == nullptr) return w;
  scratch->resize(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; i++) (*scratch)[i] = w[i] * mask[i];
  return scratch->data();
}

void BiasRelu(float* values, const float* bias, int64_t rows, int64_t cols, bool relu) {
  for (int64_t r = 0; r < rows; r++) {
    float* row = values + r * cols;
    if (bias != nullptr) {
#pragma omp simd
      for (int64_t j = 0; j < cols; j++) row[j] += bias[j];
    }
    if (relu) {
      // v < 0 is false for NaN: a NaN stays NaN, as tf.relu keeps it.
#pragma omp simd
      for (int64_t j = 0; j < cols; j++) row[j] = row[j] < 0.0f ? 0.0f : row[j];
    }
  }
}

// g = dy·step(y) as the composite computes it (see fused.cc's ReluMask).
void ReluMaskConv(const float* dy, const float* y, int64_t size, float* g) {
#pragma omp simd
  for (int64_t i = 0; i < size; i++) {
    const float v = y[i];
    g[i] = v > 0.0f ? dy[i] : (v != v ? v : dy[i] * 0.0f);
  }
}

void GemmBackward(const float* x, const float* filter, const float* grad, const ConvGeometry& g, float* dx, float* dw);

// Reads the geometry array and the checked sizes every kernel needs.
bool ReadGeometry(Args& args, size_t index, ConvGeometry* g) {
  int64_t v[kGeometryFields];
  if (!args.Ints(index, kGeometryFields, v, "geometry", INT_MAX)) return false;
  *g = ConvGeometry::From(v);
  const char* problem = g->Problem();
  if (problem != nullptr) {
    args.RangeError(problem);
    return false;
  }
  return true;
}

// conv2d(x, filter, mask | null, bias | null, geometry, relu, out)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args args(env, info, 7, "conv2d(x, filter, mask, bias, geometry, relu, out)");
  ConvGeometry g;
  bool relu = false;
  if (!ReadGeometry(args, 4, &g) || !args.Bool(5, &relu, "relu")) return nullptr;
  Floats x, w, mask, bias, out;
  if (!args.Array(0, g.InputSize(), &x, "x") || !args.Array(1, g.FilterSize(), &w, "filter") ||
      !args.OptionalArray(2, g.FilterSize(), &mask, "mask") || !args.OptionalArray(3, g.out_channels, &bias, "bias") ||
      !args.Array(6, g.OutputSize(), &out, "out")) {
    return nullptr;
  }
  const int64_t patch = g.Patch(), oc = g.out_channels, pixels = g.out_h * g.out_w;
  if (g.OutputSize() == 0) return nullptr;
  if (patch == 0) {
    // An empty sum per output: zeros, then the epilogue.
    std::memset(out.data, 0, sizeof(float) * static_cast<size_t>(g.OutputSize()));
    BiasRelu(out.data, bias.data, g.batch * pixels, oc, relu);
    return nullptr;
  }
  static thread_local std::vector<float> filter_scratch, col;
  const float* filter = EffectiveFilter(w.data, mask.data, g.FilterSize(), &filter_scratch);
  if (UsesDirectForm(g)) {
    static thread_local std::vector<float> filter_t;
    filter_t.resize(static_cast<size_t>(g.FilterSize()));
    TransposeTaps(filter, g.kernel_h * g.kernel_w, g.vc, oc, filter_t.data());
    DirectForward(x.data, filter_t.data(), g, 0, g.batch, out.data);
    BiasRelu(out.data, bias.data, g.batch * pixels, oc, relu);
    return nullptr;
  }
  const int64_t block = ImagesPerBlock(g);
  col.resize(static_cast<size_t>(block * pixels * patch));
  for (int64_t b0 = 0; b0 < g.batch; b0 += block) {
    const int64_t b1 = b0 + block < g.batch ? b0 + block : g.batch;
    const int64_t rows = (b1 - b0) * pixels;
    Im2Col(x.data, g, b0, b1, col.data());
    float* y = out.data + b0 * pixels * oc;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(rows), static_cast<int>(oc), static_cast<int>(patch), 1.0f,
                col.data(), static_cast<int>(patch), filter, static_cast<int>(oc), 0.0f, y, static_cast<int>(oc));
    BiasRelu(y, bias.data, rows, oc, relu);
  }
  return nullptr;
}

// conv2dGrad(x, filter, mask | null, y | null, dy, geometry, relu, dx | null, dFilter, dBias)
// g = dy·relu'(y) (y is needed only for relu); dBias = Σ g; dFilter = patchesᵀ·g (⊙ mask);
// dx = col2im(g·filterᵀ), skipped when dx is null (a layer whose input is data).
napi_value Conv2dGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 10, "conv2dGrad(x, filter, mask, y, dy, geometry, relu, dx, dFilter, dBias)");
  ConvGeometry g;
  bool relu = false;
  if (!ReadGeometry(args, 5, &g) || !args.Bool(6, &relu, "relu")) return nullptr;
  Floats x, w, mask, y, dy, dx, dw, db;
  if (!args.Array(0, g.InputSize(), &x, "x") || !args.Array(1, g.FilterSize(), &w, "filter") ||
      !args.OptionalArray(2, g.FilterSize(), &mask, "mask") || !args.OptionalArray(3, g.OutputSize(), &y, "y") ||
      !args.Array(4, g.OutputSize(), &dy, "dy") || !args.OptionalArray(7, g.InputSize(), &dx, "dx") ||
      !args.Array(8, g.FilterSize(), &dw, "dFilter") || !args.Array(9, g.out_channels, &db, "dBias")) {
    return nullptr;
  }
  if (relu && y.data == nullptr) return args.RangeError("conv2dGrad: a relu layer's gradient needs its output y");
  const int64_t patch = g.Patch(), oc = g.out_channels, pixels = g.out_h * g.out_w;
  static thread_local std::vector<float> masked, filter_scratch;
  const float* grad = dy.data;
  if (relu) {
    masked.resize(static_cast<size_t>(g.OutputSize()));
    ReluMaskConv(dy.data, y.data, g.OutputSize(), masked.data());
    grad = masked.data();
  }
  for (int64_t j = 0; j < oc; j++) db.data[j] = 0.0f;
  for (int64_t r = 0; r < g.batch * pixels; r++) {
    const float* row = grad + r * oc;
#pragma omp simd
    for (int64_t j = 0; j < oc; j++) db.data[j] += row[j];
  }
  std::memset(dw.data, 0, sizeof(float) * static_cast<size_t>(g.FilterSize()));
  if (dx.data != nullptr) std::memset(dx.data, 0, sizeof(float) * static_cast<size_t>(g.InputSize()));
  if (patch == 0 || oc == 0 || g.batch * pixels == 0) return nullptr;
  const float* filter = EffectiveFilter(w.data, mask.data, g.FilterSize(), &filter_scratch);
  if (UsesDirectForm(g)) {
    // In the transposed layout, then back into dFilter's.
    static thread_local std::vector<float> filter_t, d_filter_t;
    const int64_t taps = g.kernel_h * g.kernel_w;
    filter_t.resize(static_cast<size_t>(g.FilterSize()));
    d_filter_t.assign(static_cast<size_t>(g.FilterSize()), 0.0f);
    TransposeTaps(filter, taps, g.vc, oc, filter_t.data());
    DirectBackward(x.data, filter_t.data(), grad, g, 0, g.batch, dx.data, d_filter_t.data());
    for (int64_t t = 0; t < taps; t++) {
      for (int64_t k = 0; k < g.vc; k++) {
        for (int64_t o = 0; o < oc; o++) dw.data[(t * g.vc + k) * oc + o] = d_filter_t[(t * oc + o) * g.vc + k];
      }
    }
  } else {
    GemmBackward(x.data, filter, grad, g, dx.data, dw.data);
  }
  if (mask.data != nullptr) {
    for (int64_t i = 0; i < g.FilterSize(); i++) dw.data[i] *= mask.data[i];
  }
  return nullptr;
}

// dFilter += patchesᵀ·g and dx += col2im(g·filterᵀ) block by block (dFilter, dx zeroed by the caller).
void GemmBackward(const float* x, const float* filter, const float* grad, const ConvGeometry& g, float* dx, float* dw) {
  static thread_local std::vector<float> col;
  const int64_t patch = g.Patch(), oc = g.out_channels, pixels = g.out_h * g.out_w;
  const int64_t block = ImagesPerBlock(g);
  col.resize(static_cast<size_t>(block * pixels * patch));
  for (int64_t b0 = 0; b0 < g.batch; b0 += block) {
    const int64_t b1 = b0 + block < g.batch ? b0 + block : g.batch;
    const int rows = static_cast<int>((b1 - b0) * pixels);
    const float* g_block = grad + b0 * pixels * oc;
    Im2Col(x, g, b0, b1, col.data());
    // dFilter [patch, oc] += patchesᵀ [patch, rows] · g [rows, oc]
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, static_cast<int>(patch), static_cast<int>(oc), rows, 1.0f, col.data(),
                static_cast<int>(patch), g_block, static_cast<int>(oc), 1.0f, dw, static_cast<int>(oc));
    if (dx == nullptr) continue;
    // The patches' gradient [rows, patch] = g [rows, oc] · filterᵀ [oc, patch], into the same
    // buffer, then scattered back onto the input's pixels.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, static_cast<int>(patch), static_cast<int>(oc), 1.0f, g_block,
                static_cast<int>(oc), filter, static_cast<int>(oc), 0.0f, col.data(), static_cast<int>(patch));
    Col2Im(col.data(), g, b0, b1, dx);
  }
}

}  // namespace

void RegisterConvKernels(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dGrad", nullptr, Conv2dGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
}
