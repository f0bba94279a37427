// What the convolution engines (conv-engine.h, one per instruction set) are handed: the layer's
// geometry, the padded grids they work on, and the filter packed for their vector width. conv.cc
// builds a plan per call; the engines only read it. Plain data and raw pointers: the engines are
// compiled under instruction-set pragmas and share no standard-library code with the rest.
#pragma once
#include <cstdint>

#include "conv-geometry.h"

// The grids (see conv-grids.h): images flattened to pixels with zero borders, so each kernel tap
// is one constant pixel shift.
//   input grid:    rows out_h + kh − 1, width out_w + kw − 1, V placed at (pad_top, pad_left);
//                  output pixel (p, q) is grid pixel p·width + q, tap (i, j) adds i·width + j.
//   gradient grid: the output gradient on the input grid's width (zero in the columns ≥ out_w), for
//                  the filter gradient.
//   dx grid:       rows vh + kh − 1, width vw + kw − 1, the output gradient placed at
//                  (kh − 1 − pad_top, kw − 1 − pad_left): V's gradient is its convolution with the
//                  flipped filter, tap (i, j) read at shift (kh − 1 − i)·width + (kw − 1 − j).
// A tile computes whole runs of grid pixels, the few past a row's end included (discarded), so
// each grid ends in `slack` zero pixels that the last tile may read.
//
// Layers with few output channels (a decoder's last: 1 or 3) use *planar* grids instead (one plane
// of pixels per channel), so that their vectors run over pixels rather than over 1 to 4 channels.
struct ConvPlan {
  ConvGeometry g;
  int64_t lanes = 1;
  // Few output channels: forward pass and filter gradient on planar grids (PlanarTile, PlanarOuterTile).
  bool planar = false;
  // The taps the filter uses: all kh·kw, or those a mask does not zero entirely.
  int64_t taps = 0;
  const int64_t* tap_ids = nullptr;      // ki·kw + kj of each
  const int64_t* grid_shifts = nullptr;  // ki·grid_w + kj
  const int64_t* dx_shifts = nullptr;    // (kh − 1 − ki)·dx_w + (kw − 1 − kj)
  // Pixel-major only: where each filter-gradient row (tap a, input channel k) starts in the input
  // grid, grid_shifts[a]·v_ld + k, [taps·vc].
  const int64_t* row_offsets = nullptr;
  int64_t grid_w = 0, grid_h = 0;        // input and gradient grids
  int64_t dx_w = 0, dx_h = 0;            // dx grid
  int64_t slack = 0;                     // zero pixels after each grid
  int64_t v_ld = 0;                      // input grid: floats per pixel (vc), or per plane when planar
  int64_t g_ld = 0;                      // gradient grid: floats per pixel (oc_pad), or per plane when planar
  int64_t oc_pad = 0, vc_pad = 0;        // channel counts rounded up to whole vectors
  int64_t w_ld = 0;                      // filter_by_input's row: oc_pad, or oc when planar
  // The filter (⊙ mask) of the active taps, packed: [tap][vc][w_ld] for the forward pass,
  // [tap][oc][vc_pad] for the input gradient; null where not needed.
  const float* filter_by_input = nullptr;
  const float* filter_by_output = nullptr;

  int64_t InputGridFloats() const { return planar ? g.vc * v_ld : (grid_h * grid_w + slack) * v_ld; }
  int64_t GradientGridFloats() const { return planar ? g.out_channels * g_ld : g.out_h * grid_w * g_ld; }
  int64_t DxGridFloats() const { return (dx_h * dx_w + slack) * g.out_channels; }
  // Partial sums of a reduction summed in blocks (conv-engine.h's SweepRows): each output row
  // padded to whole tiles (at most 13 pixels more), 4 vectors a pixel, for the forward pass's
  // rows or the input gradient's, whichever is larger.
  int64_t PartialFloats() const {
    const int64_t forward = g.out_h * (g.out_w + 13), backward = g.vh * (g.vw + 13);
    return (forward > backward ? forward : backward) * 4 * lanes;
  }
  // The packed filter gradient one worker accumulates, in filter_by_input's layout.
  int64_t PackedFilterFloats() const { return taps * g.vc * w_ld; }
};

// One worker's buffers, each sized by the plan's *Floats().
struct ConvScratch {
  float* input_grid = nullptr;
  float* gradient_grid = nullptr;
  float* dx_grid = nullptr;
  float* partial = nullptr;
};

// What is added after the convolution, before the activation: the bias (one per output channel)
// and an addend, either per image and output channel ([batch, oc], broadcast over the pixels) or
// one per output element; either may be null.
struct ConvEpilogue {
  const float* bias = nullptr;
  const float* addend = nullptr;
  bool addend_per_image = false;
  bool relu = false;
};

// Where the backward pass writes: dx (null: not wanted), the worker's packed filter gradient and
// bias gradient (added to), and the addend's gradient (null: no addend; per image: added to, the
// images' own rows; per element: overwritten).
struct ConvGradients {
  float* dx = nullptr;
  float* d_filter = nullptr;
  float* db = nullptr;
  float* d_addend = nullptr;
  bool addend_per_image = false;
};

// One instruction set's engine: the vector width its plans need, and the passes over images [b0, b1).
struct ConvEngine {
  const char* name;
  int64_t lanes;
  // y = act(conv + bias + addend) for the images' output rows.
  void (*forward)(const ConvPlan& plan, const float* x, const ConvEpilogue& epilogue, int64_t b0, int64_t b1, float* y, const ConvScratch& scratch);
  // g = dy·act'(y), then the images' gradients (see ConvGradients).
  void (*backward)(const ConvPlan& plan, const float* x, const float* dy, const float* y, bool relu, int64_t b0, int64_t b1, const ConvGradients& out,
                   const ConvScratch& scratch);
};

// Defined by conv-engine-*.cc; the x86-64 ones only where the compiler targets x86-64.
extern const ConvEngine kConvEngineBaseline;
#if defined(__x86_64__)
extern const ConvEngine kConvEngineAvx2;
extern const ConvEngine kConvEngineAvx512;
#endif
