// A direct form of the convolutions for layers with few output channels (a decoder's last layer:
// 1 or 3 channels), where im2col + sgemm is the wrong shape: the patch matrix of the 28×28 output
// of a 16-channel map is 144 floats per pixel (58 MB per batch of 128) written and read again for
// products that are one multiply-add per patch element. Here each output pixel walks its k×k taps
// and does the vc·out multiply-adds of each in place, reading the input where it lies (through
// the same resampling and padding as conv-geometry.h).
#pragma once
#include <cstdint>

#include "conv-geometry.h"

// Calls f(x_offset, v_offset) for each run of channels of virtual pixel (b, i, j): one run of
// `channels` floats, or four for space-to-depth (the 2×2 block's pixels, in the virtual order).
template <typename F>
inline void ForEachRun(const ConvGeometry& g, int64_t b, int64_t i, int64_t j, F f) {
  const int64_t c = g.channels;
  if (g.resample == kSpaceToDepth2) {
    for (int64_t di = 0; di < 2; di++) {
      for (int64_t dj = 0; dj < 2; dj++) f(((b * g.height + 2 * i + di) * g.width + 2 * j + dj) * c, (2 * di + dj) * c);
    }
  } else if (g.resample == kUpsample2) {
    f(((b * g.height + i / 2) * g.width + j / 2) * c, 0);
  } else {
    f(((b * g.height + i) * g.width + j) * c, 0);
  }
}

// Calls f(pixel_row, tap_index, i, j) for every in-bounds tap of every output pixel of images
// [b0, b1); pixel_row is the output pixel's index (b·out_h + p)·out_w + q.
template <typename F>
inline void ForEachTap(const ConvGeometry& g, int64_t b0, int64_t b1, F f) {
  for (int64_t b = b0; b < b1; b++) {
    for (int64_t p = 0; p < g.out_h; p++) {
      for (int64_t q = 0; q < g.out_w; q++) {
        const int64_t row = (b * g.out_h + p) * g.out_w + q;
        for (int64_t ki = 0; ki < g.kernel_h; ki++) {
          const int64_t i = p + ki - g.pad_top;
          if (i < 0 || i >= g.vh) continue;
          for (int64_t kj = 0; kj < g.kernel_w; kj++) {
            const int64_t j = q + kj - g.pad_left;
            if (j < 0 || j >= g.vw) continue;
            f(b, row, ki * g.kernel_w + kj, i, j);
          }
        }
      }
    }
  }
}

#if defined(__x86_64__) && defined(__GLIBC__)
// A clone per instruction set, picked by the loader at run time (as fused.cc's kernels).
#define VWB_DIRECT_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define VWB_DIRECT_CLONES
#endif

// The filter [taps, vc, oc] as [taps, oc, vc], so every inner loop below runs over contiguous channels.
inline void TransposeTaps(const float* filter, int64_t taps, int64_t vc, int64_t oc, float* out) {
  for (int64_t t = 0; t < taps; t++) {
    for (int64_t k = 0; k < vc; k++) {
      for (int64_t o = 0; o < oc; o++) out[(t * oc + o) * vc + k] = filter[(t * vc + k) * oc + o];
    }
  }
}

// y[row, :] = Σ_taps V[i, j, :]·filter[tap] (no bias: the caller's epilogue adds it), images
// [b0, b1); filter_t is the filter as TransposeTaps lays it out.
VWB_DIRECT_CLONES inline void DirectForward(const float* x, const float* filter_t, const ConvGeometry& g, int64_t b0, int64_t b1, float* y) {
  const int64_t oc = g.out_channels, c = g.channels, vc = g.vc;
  for (int64_t r = b0 * g.out_h * g.out_w * oc; r < b1 * g.out_h * g.out_w * oc; r++) y[r] = 0.0f;
  ForEachTap(g, b0, b1, [&](int64_t b, int64_t row, int64_t tap, int64_t i, int64_t j) {
    float* out = y + row * oc;
    ForEachRun(g, b, i, j, [&](int64_t xo, int64_t vo) {
      const float* xs = x + xo;
      for (int64_t o = 0; o < oc; o++) {
        const float* w = filter_t + (tap * oc + o) * vc + vo;
        float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
        for (int64_t k = 0; k < c; k++) sum += xs[k] * w[k];
        out[o] += sum;
      }
    });
  });
}

// d_filter_t[tap] += g[row, :]·V[i, j, :] (in TransposeTaps's layout) and, when dx is not null,
// dx (at V[i, j, :]'s source) += filter[tap]·g[row, :], images [b0, b1). Both accumulate: the
// caller zeroes them.
VWB_DIRECT_CLONES inline void DirectBackward(const float* x, const float* filter_t, const float* grad, const ConvGeometry& g, int64_t b0, int64_t b1,
                                             float* dx, float* d_filter_t) {
  const int64_t oc = g.out_channels, c = g.channels, vc = g.vc;
  ForEachTap(g, b0, b1, [&](int64_t b, int64_t row, int64_t tap, int64_t i, int64_t j) {
    const float* go = grad + row * oc;
    ForEachRun(g, b, i, j, [&](int64_t xo, int64_t vo) {
      const float* xs = x + xo;
      for (int64_t o = 0; o < oc; o++) {
        const float gv = go[o];
        const float* w = filter_t + (tap * oc + o) * vc + vo;
        float* dw = d_filter_t + (tap * oc + o) * vc + vo;
#pragma omp simd
        for (int64_t k = 0; k < c; k++) dw[k] += xs[k] * gv;
        if (dx != nullptr) {
          float* dxs = dx + xo;
#pragma omp simd
          for (int64_t k = 0; k < c; k++) dxs[k] += w[k] * gv;
        }
      }
    });
  });
}
