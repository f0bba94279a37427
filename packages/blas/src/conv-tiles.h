// The register-blocked inner loops of the native convolutions (conv-engine.h), written with GCC's
// vector extensions so that one source gives AVX-512, AVX2 or baseline code: each conv-engine-*.cc
// includes this file after its own `#pragma GCC target`, inside its own namespace (VWB_ISA), so
// the three copies never meet at link time. Nothing from the standard library is used here: a
// template instantiated under an ISA pragma could be merged into the whole addon by the linker.
//
// Each loop keeps a tile of outputs in registers for its whole reduction and touches memory only
// for its operands, one vector load or scalar broadcast per multiply-add or fewer: the layers'
// channel counts (1 to 128) are too small for a general matrix product (OpenBLAS's sgemm on the
// im2col form ran these at 20-45 GFLOP/s per core here, and writing the patch matrix cost as much
// again), but a tile is as efficient at 16 channels as at 1,000.
//
// Sources are "grids" (conv-grids.h): a padded image flattened to pixels, `ld` floats per pixel,
// so a kernel tap is a constant pixel shift and a run of output pixels reads a run of grid pixels.
#include <cstdint>

namespace VWB_ISA {

#define VWB_INLINE inline __attribute__((always_inline))

// L floats as one vector; loads and stores need no alignment (aligned(4) on the type).
template <int L>
struct Lanes {
  typedef float Vector __attribute__((vector_size(L * 4)));
  typedef float Unaligned __attribute__((vector_size(L * 4), aligned(4)));
  static VWB_INLINE Vector Load(const float* p) { return *reinterpret_cast<const Unaligned*>(p); }
  static VWB_INLINE void Store(float* p, Vector v) { *reinterpret_cast<Unaligned*>(p) = v; }
  static VWB_INLINE float Sum(Vector v) {
    // Through memory: GCC does not subscript a vector type whose size depends on a template parameter.
    float lanes[L];
    Store(lanes, v);
    float total = 0.0f;
    for (int i = 0; i < L; i++) total += lanes[i];
    return total;
  }
};

// out[r·ldo + j] (+)= Σ_taps Σ_{k < channels} src[(r + shift_t)·ld + k] · w[t·w_tap + k·ldw + j]
// for r < R, j < NV·L: R grid pixels in a row, NV vectors of outputs, the inputs broadcast one
// at a time. The forward pass (outputs = output channels) and the input gradient (outputs = input
// channels, src = the output gradient) are both this loop. kAccumulate adds to what out holds
// (a layer whose weights are summed in blocks, see conv-engine.h's BroadcastSweep).
template <int L, int R, int NV, bool kAccumulate>
VWB_INLINE void BroadcastTile(const float* src, int64_t ld, int64_t channels, const int64_t* shifts, int64_t taps, const float* w, int64_t ldw,
                              int64_t w_tap, float* out, int64_t ldo) {
  using V = Lanes<L>;
  typename V::Vector acc[R][NV];
  for (int r = 0; r < R; r++) {
    for (int v = 0; v < NV; v++) acc[r][v] = kAccumulate ? V::Load(out + r * ldo + v * L) : typename V::Vector{};
  }
  for (int64_t t = 0; t < taps; t++) {
    const float* s = src + shifts[t] * ld;
    const float* wt = w + t * w_tap;
    for (int64_t k = 0; k < channels; k++) {
      typename V::Vector wv[NV];
      for (int v = 0; v < NV; v++) wv[v] = V::Load(wt + k * ldw + v * L);
      for (int r = 0; r < R; r++) {
        const float x = s[r * ld + k];
        for (int v = 0; v < NV; v++) acc[r][v] += x * wv[v];
      }
    }
  }
  for (int r = 0; r < R; r++) {
    for (int v = 0; v < NV; v++) V::Store(out + r * ldo + v * L, acc[r][v]);
  }
}

// out[o·ldo + r·L + l] = Σ_taps Σ_{k < channels} planes[k·stride + shift_t + r·L + l] · w[(t·channels + k)·NO + o]
// for o < NO, r < R, l < L: the forward pass of a layer with few output channels (a decoder's
// last layer), over planar grids (one plane per input channel), so each vector is L consecutive
// pixels and the NO weights are what is broadcast.
template <int L, int R, int NO>
VWB_INLINE void PlanarTile(const float* planes, int64_t stride, int64_t channels, const int64_t* shifts, int64_t taps, const float* w,
                           float* out, int64_t ldo) {
  using V = Lanes<L>;
  typename V::Vector acc[NO][R];
  for (int o = 0; o < NO; o++) {
    for (int r = 0; r < R; r++) acc[o][r] = typename V::Vector{};
  }
  for (int64_t t = 0; t < taps; t++) {
    const float* s = planes + shifts[t];
    const float* wt = w + t * channels * NO;
    for (int64_t k = 0; k < channels; k++) {
      for (int r = 0; r < R; r++) {
        const typename V::Vector x = V::Load(s + k * stride + r * L);
        for (int o = 0; o < NO; o++) acc[o][r] += x * wt[k * NO + o];
      }
    }
  }
  for (int o = 0; o < NO; o++) {
    for (int r = 0; r < R; r++) V::Store(out + o * ldo + r * L, acc[o][r]);
  }
}

// out[r·ldo + j] += Σ_{m < pixels} grid[m·ld + offsets[r]] · g[m·ldg + j] for r < R, j < NV·L:
// R rows of a filter gradient (each a tap and an input channel: offsets[r] = shift·ld + channel),
// summed over the pixels of one image, g's vectors loaded once per pixel for all R rows. Rows may
// span taps, so a layer with one input channel still fills the tile.
template <int L, int R, int NV>
VWB_INLINE void OuterTile(const float* grid, int64_t ld, const int64_t* offsets, const float* g, int64_t ldg, int64_t pixels, float* out,
                          int64_t ldo) {
  using V = Lanes<L>;
  typename V::Vector acc[R][NV];
  const float* s[R];
  for (int r = 0; r < R; r++) {
    s[r] = grid + offsets[r];
    for (int v = 0; v < NV; v++) acc[r][v] = typename V::Vector{};
  }
  for (int64_t m = 0; m < pixels; m++) {
    typename V::Vector gv[NV];
    for (int v = 0; v < NV; v++) gv[v] = V::Load(g + m * ldg + v * L);
    for (int r = 0; r < R; r++) {
      const float x = s[r][m * ld];
      for (int v = 0; v < NV; v++) acc[r][v] += x * gv[v];
    }
  }
  for (int r = 0; r < R; r++) {
    for (int v = 0; v < NV; v++) V::Store(out + r * ldo + v * L, V::Load(out + r * ldo + v * L) + acc[r][v]);
  }
}

// out[t·ldo] += Σ_{m < pixels} plane[m + shift_t] · g[m] for t < T: T taps of one input channel's
// filter gradient for one output channel, over a planar grid and a planar output gradient, L
// pixels per vector (pixels rounded up to whole vectors: g is zero there), each sum's lanes added
// once at the end.
template <int L, int T>
VWB_INLINE void PlanarOuterTile(const float* plane, const int64_t* shifts, const float* g, int64_t pixels, float* out, int64_t ldo) {
  using V = Lanes<L>;
  typename V::Vector acc[T];
  const float* s[T];
  for (int t = 0; t < T; t++) {
    acc[t] = typename V::Vector{};
    s[t] = plane + shifts[t];
  }
  for (int64_t m = 0; m < pixels; m += L) {
    const typename V::Vector gv = V::Load(g + m);
    for (int t = 0; t < T; t++) acc[t] += V::Load(s[t] + m) * gv;
  }
  for (int t = 0; t < T; t++) out[t * ldo] += V::Sum(acc[t]);
}

#undef VWB_INLINE

}  // namespace VWB_ISA
