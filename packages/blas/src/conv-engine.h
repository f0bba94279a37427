// The convolution passes over a range of images, for one instruction set: conv-engine-*.cc define
// VWB_ISA (a namespace), VWB_LANES (floats per vector) and VWB_REGISTERS (vector registers), set
// their `#pragma GCC target`, and include this file; see conv-tiles.h for the inner loops and
// conv-grids.h for the data movement around them.
//
// Per image: fill the input grid (x resampled and padded, once), then run tiles along it; the
// backward pass adds the gradient grids, the filter gradient (OuterTile or PlanarOuterTile, summed in
// the worker's packed buffer) and the input gradient (BroadcastTile over the dx grid with the
// flipped filter, folded back through the resampling).
#include <cstdint>
#include <cstring>

#include "conv-plan.h"
#include "conv-grids.h"
#include "conv-tiles.h"

namespace VWB_ISA {

constexpr int kLanes = VWB_LANES;
// Output vectors per BroadcastTile and OuterTile: up to 4 where 32 registers hold the tile.
constexpr int kMaxVectors = VWB_REGISTERS >= 32 ? 4 : 2;
// Tile heights: as many accumulators as the registers hold beside the operands, at most 12 (planar) or 8 (outer).
constexpr int PlanarRows(int no) { return (VWB_REGISTERS - no - 1) / no < 12 ? (VWB_REGISTERS - no - 1) / no : 12; }
constexpr int OuterTileRows(int nv) { return (VWB_REGISTERS - nv - 1) / nv >= 8 ? 8 : (VWB_REGISTERS - nv - 1) / nv >= 4 ? 4 : 2; }
// Vectors in the next chunk of `left` vectors: 4, 2 or 1.
inline int ChunkVectors(int64_t left) { return left >= 4 && kMaxVectors >= 4 ? 4 : left >= 2 ? 2 : 1; }

// BroadcastTile runs along one image row at a time, so its R pixels never straddle a row's end:
// on the 7-pixel rows of conv-vae's inner layers, 12-pixel tiles along the whole grid computed
// 72 pixels (junk columns and a part-empty last tile included) for 49. Each vector count has a
// few tile widths that fit the registers; the sweep takes the one that computes the fewest pixels.
template <int NV>
struct TileWidths;
template <>
struct TileWidths<1> {
  static constexpr int kCount = 4;
  static constexpr int kWidths[kCount] = {VWB_REGISTERS >= 32 ? 14 : 12, 8, 7, 6};
};
template <>
struct TileWidths<2> {
  static constexpr int kCount = 4;
  static constexpr int kWidths[kCount] = {VWB_REGISTERS >= 32 ? 14 : 6, VWB_REGISTERS >= 32 ? 8 : 5, VWB_REGISTERS >= 32 ? 7 : 4, VWB_REGISTERS >= 32 ? 6 : 3};
};
template <>
struct TileWidths<4> {
  static constexpr int kCount = 4;
  static constexpr int kWidths[kCount] = {6, 5, 4, 3};
};

// The tile width (index into TileWidths<NV>) computing the fewest pixels for rows `width` wide.
template <int NV>
inline int BestWidth(int64_t width) {
  int best = 0;
  int64_t best_cost = -1;
  for (int i = 0; i < TileWidths<NV>::kCount; i++) {
    const int64_t r = TileWidths<NV>::kWidths[i], cost = (width + r - 1) / r * r;
    // Ties go to the wider tile (fewer weight loads per multiply-add).
    if (best_cost < 0 || cost < best_cost) best = i, best_cost = cost;
  }
  return best;
}

// The reduction (taps × channels) a BroadcastTile sums before the next tile starts, as rows of
// the weights: 16 KB of the chunk's weights, so they stay in L1 from one tile to the next. The
// 32×32×3 model's second layer has 288 KB of weights, streamed from L2 once per 4-pixel tile
// without blocks: its forward pass took a median 12.0 ms at batch 128 on 2 threads, 8.3-10.4 ms
// with them (the smaller conv-vae layers, whose weights fit, are unchanged).
constexpr int64_t kBlockBytes = 16 * 1024;

// One block of the reduction: taps [t0, t1) and, of each, channels [k0, k1).
struct ReductionBlock {
  int64_t t0, t1, k0, k1;
};

// Runs BroadcastTile over `rows` rows of `width` pixels (grid_w apart in the grid) and NV vectors
// of outputs from c0, handing each tile to store(first_pixel, pixels, c0, tile, NV·L). A
// reduction longer than one block is summed block by block into `partial` (each tile's rows at
// their own place, row_stride pixels a row), and stored once it is complete.
template <int NV, int Index, typename Store>
inline void SweepRows(const float* grid, int64_t ld, int64_t channels, const int64_t* shifts, int64_t taps, const float* w, int64_t ldw,
                      int64_t rows, int64_t width, int64_t grid_w, int64_t c0, int index, float* partial, Store& store) {
  if constexpr (Index + 1 < TileWidths<NV>::kCount) {
    if (index != Index) {
      SweepRows<NV, Index + 1>(grid, ld, channels, shifts, taps, w, ldw, rows, width, grid_w, c0, index, partial, store);
      return;
    }
  }
  constexpr int R = TileWidths<NV>::kWidths[Index];
  constexpr int64_t kWidthFloats = static_cast<int64_t>(NV) * kLanes;
  const int64_t block_rows = kBlockBytes / (kWidthFloats * 4), row_stride = (width + R - 1) / R * R;
  // Whole taps per block where a tap's channels fit, else slices of one tap's channels.
  const int64_t taps_per_block = channels <= block_rows ? (channels > 0 ? block_rows / channels : taps) : 1;
  const int64_t channels_per_block = channels <= block_rows ? channels : block_rows;
  const bool blocked = taps_per_block < taps || channels_per_block < channels;
  float tile[R * NV * kLanes];
  for (int64_t t0 = 0; t0 < taps || (taps == 0 && t0 == 0); t0 += taps_per_block) {
    for (int64_t k0 = 0; k0 < channels || (channels == 0 && k0 == 0); k0 += channels_per_block) {
      const ReductionBlock b{t0, t0 + taps_per_block < taps ? t0 + taps_per_block : taps, k0, k0 + channels_per_block < channels ? k0 + channels_per_block : channels};
      const bool first = t0 == 0 && k0 == 0, last = b.t1 >= taps && b.k1 >= channels;
      for (int64_t i = 0; i < rows; i++) {
        for (int64_t q = 0; q < width; q += R) {
          const int64_t m = i * grid_w + q;
          float* out = blocked ? partial + (i * row_stride + q) * kWidthFloats : tile;
          const float* src = grid + m * ld + b.k0;
          const float* wb = w + c0 + b.t0 * channels * ldw + b.k0 * ldw;
          if (first) BroadcastTile<kLanes, R, NV, false>(src, ld, b.k1 - b.k0, shifts + b.t0, b.t1 - b.t0, wb, ldw, channels * ldw, out, kWidthFloats);
          else BroadcastTile<kLanes, R, NV, true>(src, ld, b.k1 - b.k0, shifts + b.t0, b.t1 - b.t0, wb, ldw, channels * ldw, out, kWidthFloats);
          if (last) store(m, R < width - q ? R : width - q, c0, out, kWidthFloats);
        }
      }
      if (channels == 0) break;
    }
    if (taps == 0) break;
  }
}

// BroadcastTile over every row and every output vector (outputs_padded, ldw apart in w);
// `partial` holds rows × (width + 13) pixels of 4 vectors (ConvPlan::PartialFloats).
template <typename Store>
inline void BroadcastSweep(const float* grid, int64_t ld, int64_t channels, const int64_t* shifts, int64_t taps, const float* w, int64_t ldw,
                           int64_t rows, int64_t width, int64_t grid_w, int64_t outputs_padded, float* partial, Store store) {
  for (int64_t c0 = 0; c0 < outputs_padded;) {
    const int nv = ChunkVectors((outputs_padded - c0) / kLanes);
    if (nv == 4) SweepRows<kMaxVectors, 0>(grid, ld, channels, shifts, taps, w, ldw, rows, width, grid_w, c0, BestWidth<kMaxVectors>(width), partial, store);
    else if (nv == 2) SweepRows<2, 0>(grid, ld, channels, shifts, taps, w, ldw, rows, width, grid_w, c0, BestWidth<2>(width), partial, store);
    else SweepRows<1, 0>(grid, ld, channels, shifts, taps, w, ldw, rows, width, grid_w, c0, BestWidth<1>(width), partial, store);
    c0 += static_cast<int64_t>(nv) * kLanes;
  }
}

// The planar forward of the whole grid: NO = out_channels (1 to 4) planes of outputs.
template <int NO, typename Store>
inline void PlanarSweep(const ConvPlan& p, const float* planes, int64_t pixels, Store store) {
  constexpr int rows = PlanarRows(NO);
  constexpr int64_t width = static_cast<int64_t>(rows) * kLanes;
  float tile[NO * width];
  for (int64_t m0 = 0; m0 < pixels; m0 += width) {
    PlanarTile<kLanes, rows, NO>(planes + m0, p.v_ld, p.g.vc, p.grid_shifts, p.taps, p.filter_by_input, tile, width);
    store(m0, width < pixels - m0 ? width : pixels - m0, tile, width);
  }
}

void ForwardImages(const ConvPlan& p, const float* x, const ConvEpilogue& e, int64_t b0, int64_t b1, float* y, const ConvScratch& s) {
  const ConvGeometry& g = p.g;
  const int64_t oc = g.out_channels, pixels = g.out_h * p.grid_w;
  for (int64_t b = b0; b < b1; b++) {
    FillInputGrid(p, x, b, s.input_grid);
    // Grid pixel m is output pixel (m / grid_w, m mod grid_w) when its column is inside the image;
    // output o of the tile's row r is at tile[r·row_step + o·output_step].
    auto store = [&](int64_t m0, int64_t rows, int64_t c0, int64_t n, const float* tile, int64_t row_step, int64_t output_step) {
      int64_t i = m0 / p.grid_w, j = m0 - i * p.grid_w;
      for (int64_t r = 0; r < rows; r++) {
        if (j < g.out_w) {
          const int64_t at = ((b * g.out_h + i) * g.out_w + j) * oc + c0;
          const float* values = tile + r * row_step;
          const float* addend = e.addend == nullptr ? nullptr : e.addend_per_image ? e.addend + b * oc + c0 : e.addend + at;
          float* out = y + at;
          // One simple loop per term, each vectorized (a loop with the branches inside was not).
          if (output_step == 1) CopyRun(values, n, out);
          else for (int64_t o = 0; o < n; o++) out[o] = values[o * output_step];
          if (e.bias != nullptr) AddRun(e.bias + c0, n, out);
          if (addend != nullptr) AddRun(addend, n, out);
          // v < 0 is false for NaN: a NaN stays NaN, as tf.relu keeps it.
          if (e.relu) for (int64_t o = 0; o < n; o++) out[o] = out[o] < 0.0f ? 0.0f : out[o];
        }
        if (++j == p.grid_w) j = 0, i++;
      }
    };
    if (!p.planar) {
      BroadcastSweep(s.input_grid, p.v_ld, g.vc, p.grid_shifts, p.taps, p.filter_by_input, p.w_ld, g.out_h, g.out_w, p.grid_w, p.oc_pad, s.partial,
                     [&](int64_t m0, int64_t rows, int64_t c0, const float* tile, int64_t width) {
                       store(m0, rows, c0, oc - c0 < width ? oc - c0 : width, tile, width, 1);
                     });
      continue;
    }
    auto planar_store = [&](int64_t m0, int64_t rows, const float* tile, int64_t width) { store(m0, rows, 0, oc, tile, 1, width); };
    if (oc == 1) PlanarSweep<1>(p, s.input_grid, pixels, planar_store);
    else if (oc == 2) PlanarSweep<2>(p, s.input_grid, pixels, planar_store);
    else if (oc == 3) PlanarSweep<3>(p, s.input_grid, pixels, planar_store);
    else PlanarSweep<4>(p, s.input_grid, pixels, planar_store);
  }
}

// OuterTile over all `rows` filter-gradient rows (offsets as OuterTile takes them), R at a time,
// the last few 4, 2 or 1 at a time, for NV output vectors.
template <int NV>
inline void OuterRows(const float* grid, int64_t ld, const int64_t* offsets, int64_t rows, const float* g, int64_t ldg, int64_t pixels, float* out,
                      int64_t ldo) {
  constexpr int R = OuterTileRows(NV);
  int64_t r = 0;
  for (; r + R <= rows; r += R) OuterTile<kLanes, R, NV>(grid, ld, offsets + r, g, ldg, pixels, out + r * ldo, ldo);
  if (R > 4 && r + 4 <= rows) {
    OuterTile<kLanes, (R > 4 ? 4 : 1), NV>(grid, ld, offsets + r, g, ldg, pixels, out + r * ldo, ldo);
    r += 4;
  }
  if (r + 2 <= rows) {
    OuterTile<kLanes, 2, NV>(grid, ld, offsets + r, g, ldg, pixels, out + r * ldo, ldo);
    r += 2;
  }
  for (; r < rows; r++) OuterTile<kLanes, 1, NV>(grid, ld, offsets + r, g, ldg, pixels, out + r * ldo, ldo);
}

// The packed filter gradient of one image, from its grids (see ConvPlan::PackedFilterFloats).
inline void FilterGradient(const ConvPlan& p, const ConvScratch& s, float* d_filter) {
  const ConvGeometry& g = p.g;
  const int64_t pixels = g.out_h * p.grid_w, oc = g.out_channels;
  if (!p.planar) {
    // Rows (tap, input channel) in the packed layout's order, [tap][vc][w_ld].
    const int64_t rows = p.taps * g.vc;
    for (int64_t c0 = 0; c0 < p.oc_pad;) {
      const int nv = ChunkVectors((p.oc_pad - c0) / kLanes);
      float* out = d_filter + c0;
      const float* grad = s.gradient_grid + c0;
      if (nv == 4) OuterRows<kMaxVectors>(s.input_grid, p.v_ld, p.row_offsets, rows, grad, p.g_ld, pixels, out, p.w_ld);
      else if (nv == 2) OuterRows<2>(s.input_grid, p.v_ld, p.row_offsets, rows, grad, p.g_ld, pixels, out, p.w_ld);
      else OuterRows<1>(s.input_grid, p.v_ld, p.row_offsets, rows, grad, p.g_ld, pixels, out, p.w_ld);
      c0 += static_cast<int64_t>(nv) * kLanes;
    }
    return;
  }
  // Planar: [tap][vc][oc], taps in blocks of 8, 4, 2, 1 sharing each load of g.
  const int64_t padded = p.g_ld, ldo = g.vc * oc;
  for (int64_t k = 0; k < g.vc; k++) {
    const float* plane = s.input_grid + k * p.v_ld;
    for (int64_t o = 0; o < oc; o++) {
      const float* grad = s.gradient_grid + o * p.g_ld;
      float* out = d_filter + k * oc + o;
      int64_t t = 0;
      for (; t + 8 <= p.taps; t += 8) PlanarOuterTile<kLanes, 8>(plane, p.grid_shifts + t, grad, padded, out + t * ldo, ldo);
      if (t + 4 <= p.taps) {
        PlanarOuterTile<kLanes, 4>(plane, p.grid_shifts + t, grad, padded, out + t * ldo, ldo);
        t += 4;
      }
      if (t + 2 <= p.taps) {
        PlanarOuterTile<kLanes, 2>(plane, p.grid_shifts + t, grad, padded, out + t * ldo, ldo);
        t += 2;
      }
      if (t < p.taps) PlanarOuterTile<kLanes, 1>(plane, p.grid_shifts + t, grad, padded, out + t * ldo, ldo);
    }
  }
}

void BackwardImages(const ConvPlan& p, const float* x, const float* dy, const float* y, bool relu, int64_t b0, int64_t b1, const ConvGradients& out,
                    const ConvScratch& s) {
  const ConvGeometry& g = p.g;
  const int64_t image = g.height * g.width * g.channels;
  for (int64_t b = b0; b < b1; b++) {
    FillInputGrid(p, x, b, s.input_grid);
    FillGradientGrids(p, dy, y, relu, b, s.gradient_grid, out.dx == nullptr ? nullptr : s.dx_grid, out);
    FilterGradient(p, s, out.d_filter);
    float* dx = out.dx;
    if (dx == nullptr) continue;
    std::memset(dx + b * image, 0, sizeof(float) * static_cast<size_t>(image));
    // V's gradient on the dx grid's pixels (row-major over vh × dx_w), vc_pad outputs each.
    auto fold = [&](int64_t m0, int64_t rows, int64_t c0, const float* tile, int64_t width) {
      const int64_t n = g.vc - c0 < width ? g.vc - c0 : width;
      int64_t i = m0 / p.dx_w, j = m0 - i * p.dx_w;
      for (int64_t r = 0; r < rows; r++) {
        if (j < g.vw) FoldIntoDx(g, b, i, j, c0, n, tile + r * width, dx);
        if (++j == p.dx_w) j = 0, i++;
      }
    };
    BroadcastSweep(s.dx_grid, g.out_channels, g.out_channels, p.dx_shifts, p.taps, p.filter_by_output, p.vc_pad, g.vh, g.vw, p.dx_w, p.vc_pad, s.partial, fold);
  }
}

}  // namespace VWB_ISA
