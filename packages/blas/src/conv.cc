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
#include "parallel-images.h"

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

// The forward pass of images [b0, b1): direct, or im2col + sgemm block by block, then the epilogue.
void ForwardImages(const float* x, const float* filter, const float* filter_t, const float* bias, const ConvGeometry& g, bool relu, int64_t b0,
                   int64_t b1, float* out) {
  const int64_t patch = g.Patch(), oc = g.out_channels, pixels = g.out_h * g.out_w;
  if (filter_t != nullptr) {
    DirectForward(x, filter_t, g, b0, b1, out);
  } else {
    const int64_t block = ImagesPerBlock(g);
    std::vector<float> col(static_cast<size_t>((block < b1 - b0 ? block : b1 - b0) * pixels * patch));
    for (int64_t c0 = b0; c0 < b1; c0 += block) {
      const int64_t c1 = c0 + block < b1 ? c0 + block : b1;
      Im2Col(x, g, c0, c1, col.data());
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>((c1 - c0) * pixels), static_cast<int>(oc), static_cast<int>(patch),
                  1.0f, col.data(), static_cast<int>(patch), filter, static_cast<int>(oc), 0.0f, out + c0 * pixels * oc, static_cast<int>(oc));
    }
  }
  BiasRelu(out + b0 * pixels * oc, bias, (b1 - b0) * pixels, oc, relu);
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
  if (g.OutputSize() == 0) return nullptr;
  if (g.Patch() == 0) {
    // An empty sum per output: zeros, then the epilogue.
    std::memset(out.data, 0, sizeof(float) * static_cast<size_t>(g.OutputSize()));
    BiasRelu(out.data, bias.data, g.batch * g.out_h * g.out_w, g.out_channels, relu);
    return nullptr;
  }
  std::vector<float> filter_scratch, filter_t;
  const float* filter = EffectiveFilter(w.data, mask.data, g.FilterSize(), &filter_scratch);
  if (UsesDirectForm(g)) {
    filter_t.resize(static_cast<size_t>(g.FilterSize()));
    TransposeTaps(filter, g.kernel_h * g.kernel_w, g.vc, g.out_channels, filter_t.data());
  }
  const float* transposed = filter_t.empty() ? nullptr : filter_t.data();
  ParallelOverImages(g.batch, [&](int, int64_t b0, int64_t b1) { ForwardImages(x.data, filter, transposed, bias.data, g, relu, b0, b1, out.data); });
  return nullptr;
}

// One worker's share of the gradients: its images' rows of g (relu-masked in place into `grad`),
// their bias and filter gradients (into the worker's own sums) and their dx (disjoint per image).
void BackwardImages(const float* x, const float* filter, const float* filter_t, const float* dy, const float* y, const ConvGeometry& g, bool relu,
                    int64_t b0, int64_t b1, float* grad, float* dx, float* dw, float* db) {
  const int64_t oc = g.out_channels, pixels = g.out_h * g.out_w;
  const int64_t first = b0 * pixels * oc, size = (b1 - b0) * pixels * oc;
  const float* g_rows = dy;
  if (relu) {
    ReluMaskConv(dy + first, y + first, size, grad + first);
    g_rows = grad;
  }
  for (int64_t r = b0 * pixels; r < b1 * pixels; r++) {
    const float* row = g_rows + r * oc;
#pragma omp simd
    for (int64_t j = 0; j < oc; j++) db[j] += row[j];
  }
  if (filter_t != nullptr) {
    DirectBackward(x, filter_t, g_rows, g, b0, b1, dx, dw);
    return;
  }
  const int64_t patch = g.Patch(), block = ImagesPerBlock(g);
  if (patch == 0) return;  // No filter taps: dFilter is empty and dx stays zero.
  std::vector<float> col(static_cast<size_t>((block < b1 - b0 ? block : b1 - b0) * pixels * patch));
  for (int64_t c0 = b0; c0 < b1; c0 += block) {
    const int64_t c1 = c0 + block < b1 ? c0 + block : b1;
    const int rows = static_cast<int>((c1 - c0) * pixels);
    const float* g_block = g_rows + c0 * pixels * oc;
    Im2Col(x, g, c0, c1, col.data());
    // dFilter [patch, oc] += patchesᵀ [patch, rows] · g [rows, oc]
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, static_cast<int>(patch), static_cast<int>(oc), rows, 1.0f, col.data(),
                static_cast<int>(patch), g_block, static_cast<int>(oc), 1.0f, dw, static_cast<int>(oc));
    if (dx == nullptr) continue;
    // The patches' gradient [rows, patch] = g [rows, oc] · filterᵀ [oc, patch], into the same
    // buffer, then scattered back onto the input's pixels.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, static_cast<int>(patch), static_cast<int>(oc), 1.0f, g_block,
                static_cast<int>(oc), filter, static_cast<int>(oc), 0.0f, col.data(), static_cast<int>(patch));
    Col2Im(col.data(), g, c0, c1, dx);
  }
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
  const int64_t oc = g.out_channels, filter_size = g.FilterSize();
  std::memset(db.data, 0, sizeof(float) * static_cast<size_t>(oc));
  std::memset(dw.data, 0, sizeof(float) * static_cast<size_t>(filter_size));
  if (dx.data != nullptr) std::memset(dx.data, 0, sizeof(float) * static_cast<size_t>(g.InputSize()));
  if (g.OutputSize() == 0) return nullptr;
  std::vector<float> filter_scratch, filter_t, masked(relu ? static_cast<size_t>(g.OutputSize()) : 0);
  const float* filter = EffectiveFilter(w.data, mask.data, filter_size, &filter_scratch);
  const bool direct = UsesDirectForm(g);
  if (direct) {
    filter_t.resize(static_cast<size_t>(filter_size));
    TransposeTaps(filter, g.kernel_h * g.kernel_w, g.vc, oc, filter_t.data());
  }
  // Each worker sums its images' filter and bias gradients on its own; they are added up after.
  const int configured = openblas_get_num_threads();
  const int64_t workers = g.batch < configured ? (g.batch > 0 ? g.batch : 1) : configured;
  std::vector<std::vector<float>> dw_parts(static_cast<size_t>(workers), std::vector<float>(static_cast<size_t>(filter_size), 0.0f));
  std::vector<std::vector<float>> db_parts(static_cast<size_t>(workers), std::vector<float>(static_cast<size_t>(oc), 0.0f));
  ParallelOverImages(g.batch, [&](int worker, int64_t b0, int64_t b1) {
    BackwardImages(x.data, filter, direct ? filter_t.data() : nullptr, dy.data, y.data, g, relu, b0, b1, masked.data(), dx.data,
                   dw_parts[worker].data(), db_parts[worker].data());
  });
  for (int64_t part = 0; part < workers; part++) {
    for (int64_t j = 0; j < oc; j++) db.data[j] += db_parts[part][j];
    if (direct) {
      // Back from the transposed layout the direct form accumulates in.
      const int64_t taps = g.kernel_h * g.kernel_w;
      for (int64_t t = 0; t < taps; t++) {
        for (int64_t k = 0; k < g.vc; k++) {
          for (int64_t o = 0; o < oc; o++) dw.data[(t * g.vc + k) * oc + o] += dw_parts[part][(t * oc + o) * g.vc + k];
        }
      }
    } else {
      for (int64_t i = 0; i < filter_size; i++) dw.data[i] += dw_parts[part][i];
    }
  }
  if (mask.data != nullptr) {
    for (int64_t i = 0; i < filter_size; i++) dw.data[i] *= mask.data[i];
  }
  return nullptr;
}

}  // namespace

void RegisterConvKernels(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"conv2dGrad", nullptr, Conv2dGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
}
