// The shape of one stride-1 convolution as the native kernels see it.
//
// Layouts are TensorFlow's: x [batch, height, width, channels] (NHWC), filter [kh, kw, in, out],
// output [batch, out_h, out_w, out]. The convolution reads a *virtual* input V derived from x by
// index arithmetic alone, so the data movement between layers never becomes a tensor of its own:
//   kNone:          V = x
//   kSpaceToDepth2: V [b, h/2, w/2, 4c], V[b, i, j, (2·di + dj)·c + k] = x[b, 2i + di, 2j + dj, k]
//   kUpsample2:     V [b, 2h, 2w, c],    V[b, i, j, k] = x[b, ⌊i/2⌋, ⌊j/2⌋, k]   (nearest)
// Output pixel (p, q) reads V[p + ki − pad_top, q + kj − pad_left] (zero outside V). The engines
// copy V into padded grids once per image (conv-grids.h) and fold V's gradient back onto x the
// same way, so the gradients of the resampling and of the padding come out of that one fold.
#pragma once
#include <cstdint>

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
