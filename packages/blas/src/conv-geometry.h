// The shape of one stride-1 convolution as the native kernels see it, and the patch gathering
// (im2col) and its adjoint (col2im) that turn it into matrix products.
//
// Layouts are TensorFlow's: x [batch, height, width, channels] (NHWC), filter [kh, kw, in, out],
// output [batch, out_h, out_w, out]. The convolution reads a *virtual* input V derived from x by
// index arithmetic alone, so the data movement between layers never becomes a tensor of its own:
//   kNone:          V = x
//   kSpaceToDepth2: V [b, h/2, w/2, 4c], V[b, i, j, (2·di + dj)·c + k] = x[b, 2i + di, 2j + dj, k]
//   kUpsample2:     V [b, 2h, 2w, c],    V[b, i, j, k] = x[b, ⌊i/2⌋, ⌊j/2⌋, k]   (nearest)
// Output pixel (p, q) reads V[p + ki − pad_top, q + kj − pad_left] (zero outside V), so padding
// costs nothing either. Col2Im adds each patch element back to the x element it was read from:
// the gradients of the resampling and of the padding come out of the same scatter.
#pragma once
#include <cstdint>
#include <cstring>

enum Resample : int64_t { kNone = 0, kSpaceToDepth2 = 1, kUpsample2 = 2 };

// geometry = [batch, height, width, channels, kernelH, kernelW, outChannels, padTop, padLeft, outH, outW, resample]
constexpr int kGeometryFields = 12;

struct ConvGeometry {
  int64_t batch = 0, height = 0, width = 0, channels = 0;
  int64_t kernel_h = 0, kernel_w = 0, out_channels = 0;
  int64_t pad_top = 0, pad_left = 0, out_h = 0, out_w = 0;
  int64_t resample = kNone;
  // The virtual input's sides and channels.
  int64_t vh = 0, vw = 0, vc = 0;

  static ConvGeometry From(const int64_t* v) {
    ConvGeometry g;
    g.batch = v[0], g.height = v[1], g.width = v[2], g.channels = v[3];
    g.kernel_h = v[4], g.kernel_w = v[5], g.out_channels = v[6];
    g.pad_top = v[7], g.pad_left = v[8], g.out_h = v[9], g.out_w = v[10], g.resample = v[11];
    g.vh = g.resample == kSpaceToDepth2 ? g.height / 2 : g.resample == kUpsample2 ? 2 * g.height : g.height;
    g.vw = g.resample == kSpaceToDepth2 ? g.width / 2 : g.resample == kUpsample2 ? 2 * g.width : g.width;
    g.vc = g.resample == kSpaceToDepth2 ? 4 * g.channels : g.channels;
    return g;
  }

  // Why the geometry is unusable, or null. Each field is already in [0, INT_MAX]; every size the
  // kernels index with (the input, the filter, the output, one image's patches) is a product
  // checked for overflow here, so later arithmetic on them cannot wrap.
  const char* Problem() const {
    if (resample != kNone && resample != kSpaceToDepth2 && resample != kUpsample2) return "geometry: resample must be 0, 1 or 2";
    if (resample == kSpaceToDepth2 && (height % 2 != 0 || width % 2 != 0)) return "geometry: space-to-depth needs even image sides";
    if (kernel_h < 1 || kernel_w < 1) return "geometry: the kernel must be at least 1×1";
    int64_t t, patch;
    const bool overflow = __builtin_mul_overflow(batch, height, &t) || __builtin_mul_overflow(t, width, &t) ||
                          __builtin_mul_overflow(t, 4 * channels, &t) || __builtin_mul_overflow(kernel_h, kernel_w, &patch) ||
                          __builtin_mul_overflow(patch, vc, &patch) || __builtin_mul_overflow(patch, out_channels, &t) ||
                          __builtin_mul_overflow(out_h, out_w, &t) || __builtin_mul_overflow(t, patch, &t) || __builtin_mul_overflow(t, batch, &t) ||
                          __builtin_mul_overflow(batch, out_h, &t) || __builtin_mul_overflow(t, out_w, &t) ||
                          __builtin_mul_overflow(t, out_channels, &t);
    return overflow ? "geometry: the sizes overflow 64-bit integers" : nullptr;
  }

  int64_t Patch() const { return kernel_h * kernel_w * vc; }
  int64_t InputSize() const { return batch * height * width * channels; }
  int64_t FilterSize() const { return Patch() * out_channels; }
  int64_t OutputSize() const { return batch * out_h * out_w * out_channels; }
};

// The vc values of V[b, i, j, :] copied to dst (kAdd = false) or dst added onto x's elements (true).
template <bool kAdd>
inline void PixelTransfer(const ConvGeometry& g, float* x, int64_t b, int64_t i, int64_t j, float* dst) {
  const int64_t c = g.channels;
  auto move = [c](float* xs, float* cs) {
    if (kAdd) {
#pragma omp simd
      for (int64_t k = 0; k < c; k++) xs[k] += cs[k];
    } else {
      // A loop, not memcpy: runs are often 1 to 16 floats, shorter than a call is worth.
#pragma omp simd
      for (int64_t k = 0; k < c; k++) cs[k] = xs[k];
    }
  };
  if (g.resample == kSpaceToDepth2) {
    for (int64_t di = 0; di < 2; di++) {
      for (int64_t dj = 0; dj < 2; dj++) move(x + ((b * g.height + 2 * i + di) * g.width + 2 * j + dj) * c, dst + (2 * di + dj) * c);
    }
  } else if (g.resample == kUpsample2) {
    move(x + ((b * g.height + i / 2) * g.width + j / 2) * c, dst);
  } else {
    move(x + ((b * g.height + i) * g.width + j) * c, dst);
  }
}

// Gathers (kAdd = false: x → col) or scatters (kAdd = true: col added onto x) the patches of
// images [b0, b1): row (b, p, q) of col, column (ki·kw + kj)·vc + k, as the filter is laid out.
template <bool kAdd>
inline void PatchTransfer(float* x, const ConvGeometry& g, int64_t b0, int64_t b1, float* col) {
  const int64_t patch = g.Patch(), run = g.kernel_w * g.vc;
  for (int64_t b = b0; b < b1; b++) {
    for (int64_t p = 0; p < g.out_h; p++) {
      for (int64_t q = 0; q < g.out_w; q++) {
        float* row = col + (((b - b0) * g.out_h + p) * g.out_w + q) * patch;
        for (int64_t ki = 0; ki < g.kernel_h; ki++) {
          const int64_t i = p + ki - g.pad_top;
          float* part = row + ki * run;
          if (i < 0 || i >= g.vh) {
            if (!kAdd) std::memset(part, 0, sizeof(float) * static_cast<size_t>(run));
            continue;
          }
          for (int64_t kj = 0; kj < g.kernel_w; kj++) {
            const int64_t j = q + kj - g.pad_left;
            float* cell = part + kj * g.vc;
            if (j < 0 || j >= g.vw) {
              if (!kAdd) std::memset(cell, 0, sizeof(float) * static_cast<size_t>(g.vc));
              continue;
            }
            PixelTransfer<kAdd>(g, x, b, i, j, cell);
          }
        }
      }
    }
  }
}

inline void Im2Col(const float* x, const ConvGeometry& g, int64_t b0, int64_t b1, float* col) {
  // x is only read when gathering.
  PatchTransfer<false>(const_cast<float*>(x), g, b0, b1, col);
}

inline void Col2Im(float* col, const ConvGeometry& g, int64_t b0, int64_t b1, float* dx) { PatchTransfer<true>(dx, g, b0, b1, col); }
