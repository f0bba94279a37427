// Filling the grids of one image (see conv-plan.h) and folding the input gradient back onto x: the
// only places the engines touch x, y, dy and dx. The resampling and the padding happen here, as
// index arithmetic while copying, so neither ever becomes a tensor of its own. Included by
// conv-engine.h inside its instruction-set namespace (see conv-tiles.h for why).
#include <cstdint>
#include <cstring>

#include "conv-plan.h"

namespace VWB_ISA {

// dst[0, n) = src[0, n): loops, not memcpy, as the runs are often 1 to 16 floats.
inline void CopyRun(const float* src, int64_t n, float* dst) {
  for (int64_t k = 0; k < n; k++) dst[k] = src[k];
}

inline void AddRun(const float* src, int64_t n, float* dst) {
  for (int64_t k = 0; k < n; k++) dst[k] += src[k];
}

// Where the channels [k0, k0 + n) of V[b, i, j] (n ≥ 1, within one resampled source pixel's run)
// lie in x: V's channel k is channel k mod c of source pixel k / c under space-to-depth.
inline int64_t SourceOffset(const ConvGeometry& g, int64_t b, int64_t i, int64_t j, int64_t k) {
  const int64_t c = g.channels;
  if (g.resample == kSpaceToDepth2) {
    const int64_t block = k / c, di = block / 2, dj = block % 2;
    return ((b * g.height + 2 * i + di) * g.width + 2 * j + dj) * c + k % c;
  }
  if (g.resample == kUpsample2) return ((b * g.height + i / 2) * g.width + j / 2) * c + k;
  return ((b * g.height + i) * g.width + j) * c + k;
}

// Calls copy(source, n, k, grid_pixel) for the runs of each V pixel of image b that lies inside
// the input grid: the n floats at source are V's channels [k, k + n) at that grid pixel. One run
// per pixel, or two for space-to-depth: V's channels (2·di + dj)·c + k pair up, dj = 0 and 1
// being 2c contiguous floats of x.
template <typename Copy>
inline void ForEachInputRun(const ConvPlan& p, const float* x, int64_t b, Copy copy) {
  const ConvGeometry& g = p.g;
  const int64_t c = g.channels, rows = g.vh < p.grid_h - g.pad_top ? g.vh : p.grid_h - g.pad_top;
  const int64_t columns = g.vw < p.grid_w - g.pad_left ? g.vw : p.grid_w - g.pad_left;
  for (int64_t i = 0; i < rows; i++) {
    const int64_t first = (i + g.pad_top) * p.grid_w + g.pad_left;
    if (g.resample == kSpaceToDepth2) {
      const float* top = x + (b * g.height + 2 * i) * g.width * c;
      for (int64_t j = 0; j < columns; j++) {
        copy(top + 2 * j * c, 2 * c, 0, first + j);
        copy(top + (g.width + 2 * j) * c, 2 * c, 2 * c, first + j);
      }
    } else {
      const bool up = g.resample == kUpsample2;
      const float* row = x + (b * g.height + (up ? i / 2 : i)) * g.width * c;
      for (int64_t j = 0; j < columns; j++) copy(row + (up ? j / 2 : j) * c, c, 0, first + j);
    }
  }
}

// The planar input grid of image b, plane by plane: each V row's channel K is a strided read of
// x (stride c, 2c for space-to-depth, or c every second pixel when upsampling) and a contiguous
// write (scattering whole pixels across planes instead was 5× slower: 16 planes' stores per pixel).
inline void FillPlanes(const ConvPlan& p, const float* x, int64_t b, float* grid) {
  const ConvGeometry& g = p.g;
  const int64_t c = g.channels, rows = g.vh < p.grid_h - g.pad_top ? g.vh : p.grid_h - g.pad_top;
  const int64_t columns = g.vw < p.grid_w - g.pad_left ? g.vw : p.grid_w - g.pad_left;
  for (int64_t i = 0; i < rows; i++) {
    const int64_t first = (i + g.pad_top) * p.grid_w + g.pad_left;
    for (int64_t channel = 0; channel < g.vc; channel++) {
      float* dst = grid + channel * p.v_ld + first;
      if (g.resample == kSpaceToDepth2) {
        const int64_t block = channel / c, k = channel % c;
        const float* src = x + ((b * g.height + 2 * i + block / 2) * g.width + block % 2) * c + k;
        for (int64_t j = 0; j < columns; j++) dst[j] = src[2 * j * c];
      } else if (g.resample == kUpsample2) {
        // Each source pixel twice: a pair per read (per output pixel with j / 2 was 1.6× slower).
        const float* src = x + (b * g.height + i / 2) * g.width * c + channel;
        for (int64_t j = 0; j + 1 < columns; j += 2) dst[j] = dst[j + 1] = src[(j / 2) * c];
        if (columns % 2 == 1) dst[columns - 1] = src[((columns - 1) / 2) * c];
      } else {
        const float* src = x + (b * g.height + i) * g.width * c + channel;
        for (int64_t j = 0; j < columns; j++) dst[j] = src[j * c];
      }
    }
  }
}

// The input grid of image b: V (x resampled) at (pad_top, pad_left), zero elsewhere; pixel-major,
// or one plane per channel when the plan is planar.
inline void FillInputGrid(const ConvPlan& p, const float* x, int64_t b, float* grid) {
  std::memset(grid, 0, sizeof(float) * static_cast<size_t>(p.InputGridFloats()));
  if (p.planar) {
    FillPlanes(p, x, b, grid);
  } else {
    ForEachInputRun(p, x, b, [&](const float* src, int64_t n, int64_t k0, int64_t pixel) { CopyRun(src, n, grid + pixel * p.v_ld + k0); });
  }
}

// dy·relu'(y) as the composite computes dy·step(y): dy where y > 0, dy·0 where not (0, or NaN for
// an infinite or NaN dy), NaN where y is NaN (tf.step(NaN) = NaN).
inline float ReluGradient(float dy, float y) { return y > 0.0f ? dy : (y != y ? y : dy * 0.0f); }

// Image b's output gradient g = dy·act'(y) into the gradient grid and (when dx_grid is not null)
// the dx grid; its sum per channel added to out.db, and g itself to out.d_addend when there is one.
inline void FillGradientGrids(const ConvPlan& p, const float* dy, const float* y, bool relu, int64_t b, float* gradient_grid, float* dx_grid,
                              const ConvGradients& out) {
  const ConvGeometry& g = p.g;
  const int64_t oc = g.out_channels;
  // Planar grids hold at most 4 channels (ConvPlan::planar).
  float scratch[4];
  std::memset(gradient_grid, 0, sizeof(float) * static_cast<size_t>(p.GradientGridFloats()));
  if (dx_grid != nullptr) std::memset(dx_grid, 0, sizeof(float) * static_cast<size_t>(p.DxGridFloats()));
  const int64_t row_shift = g.kernel_h - 1 - g.pad_top, column_shift = g.kernel_w - 1 - g.pad_left;
  for (int64_t i = 0; i < g.out_h; i++) {
    const int64_t dx_row = i + row_shift;
    const bool dx_row_inside = dx_grid != nullptr && dx_row >= 0 && dx_row < p.dx_h;
    for (int64_t j = 0; j < g.out_w; j++) {
      const int64_t at = ((b * g.out_h + i) * g.out_w + j) * oc;
      const int64_t dx_column = j + column_shift;
      float* dx_dst = dx_row_inside && dx_column >= 0 && dx_column < p.dx_w ? dx_grid + (dx_row * p.dx_w + dx_column) * oc : nullptr;
      const int64_t pixel = i * p.grid_w + j;
      // g into the gradient grid (pixel-major: [pixel][oc_pad]; planar: [oc][pixels], through a
      // pixel's worth of scratch), then from there to the sums and the other outputs: simple loops
      // each, which the compiler vectorizes.
      float* dst = p.planar ? scratch : gradient_grid + pixel * p.g_ld;
      if (relu) {
        for (int64_t o = 0; o < oc; o++) dst[o] = ReluGradient(dy[at + o], y[at + o]);
      } else {
        CopyRun(dy + at, oc, dst);
      }
      if (p.planar) {
        for (int64_t o = 0; o < oc; o++) gradient_grid[o * p.g_ld + pixel] = dst[o];
      }
      AddRun(dst, oc, out.db);
      if (dx_dst != nullptr) CopyRun(dst, oc, dx_dst);
      if (out.d_addend != nullptr && out.addend_per_image) AddRun(dst, oc, out.d_addend + b * oc);
      if (out.d_addend != nullptr && !out.addend_per_image) CopyRun(dst, oc, out.d_addend + at);
    }
  }
}

// Adds values [n] (V's gradient at pixel (i, j), channels [k0, k0 + n)) onto x's gradient dx,
// through the resampling: each V element is one x element (none, space-to-depth) or one of the
// four that an x element was copied to (upsampling), whose gradients add up.
inline void FoldIntoDx(const ConvGeometry& g, int64_t b, int64_t i, int64_t j, int64_t k0, int64_t n, const float* values, float* dx) {
  const int64_t c = g.channels;
  if (g.resample == kSpaceToDepth2 && k0 == 0 && n == g.vc) {
    // The whole pixel: two runs of 2c, as FillInputGrid copied them.
    float* top = dx + ((b * g.height + 2 * i) * g.width + 2 * j) * c;
    AddRun(values, 2 * c, top);
    AddRun(values + 2 * c, 2 * c, top + g.width * c);
    return;
  }
  const int64_t run = g.resample == kSpaceToDepth2 ? c : g.vc;
  for (int64_t k = k0; k < k0 + n;) {
    const int64_t end = (k / run + 1) * run < k0 + n ? (k / run + 1) * run : k0 + n;
    AddRun(values + (k - k0), end - k, dx + SourceOffset(g, b, i, j, k));
    k = end;
  }
}

}  // namespace VWB_ISA
