// Building a ConvPlan (conv-plan.h) for one call: the grids' sizes, the taps a mask leaves, and the
// filter packed for the chosen engine's vector width; and unpacking the filter gradient the
// engine's workers accumulated. Compiled with conv.cc for every processor (no instruction-set pragma).
#pragma once
#include <cstdint>
#include <vector>

#include "conv-plan.h"

// How many pixels a tile computes at most (conv-engine.h): 14 in BroadcastTile, 12 vectors of
// them in PlanarTile; the grids' slack covers the widest.
inline int64_t WidestTile(int64_t lanes) { return 12 * lanes > 14 ? 12 * lanes : 14; }

class PlannedConv {
 public:
  // filter: the effective filter (⊙ mask), [kh·kw][vc][oc]; mask (or null) picks the taps.
  // forward: pack for the forward pass, else for the backward pass (whose filter is needed only
  // for the input gradient).
  PlannedConv(const ConvGeometry& g, int64_t lanes, const float* filter, const float* mask, bool forward, bool input_gradient) {
    const int64_t vc = g.vc, oc = g.out_channels, taps = g.kernel_h * g.kernel_w;
    plan_.g = g;
    plan_.lanes = lanes;
    plan_.vc_pad = RoundUp(vc, lanes);
    plan_.oc_pad = RoundUp(oc, lanes);
    // Planar when the output channels fill less than one vector: vectors then run over pixels.
    plan_.planar = oc <= 4 && oc < lanes;
    plan_.grid_w = g.out_w + g.kernel_w - 1;
    plan_.grid_h = g.out_h + g.kernel_h - 1;
    plan_.dx_w = g.vw + g.kernel_w - 1;
    plan_.dx_h = g.vh + g.kernel_h - 1;
    plan_.slack = WidestTile(lanes) + g.kernel_w;
    plan_.v_ld = plan_.planar ? plan_.grid_h * plan_.grid_w + plan_.slack : vc;
    plan_.g_ld = plan_.planar ? RoundUp(g.out_h * plan_.grid_w, lanes) : plan_.oc_pad;
    plan_.w_ld = plan_.planar ? oc : plan_.oc_pad;
    for (int64_t t = 0; t < taps; t++) {
      if (mask != nullptr && AllZero(mask + t * vc * oc, vc * oc)) continue;
      const int64_t ki = t / g.kernel_w, kj = t % g.kernel_w;
      tap_ids_.push_back(t);
      grid_shifts_.push_back(ki * plan_.grid_w + kj);
      dx_shifts_.push_back((g.kernel_h - 1 - ki) * plan_.dx_w + (g.kernel_w - 1 - kj));
    }
    plan_.taps = static_cast<int64_t>(tap_ids_.size());
    if (!plan_.planar) {
      for (int64_t a = 0; a < plan_.taps; a++) {
        for (int64_t k = 0; k < vc; k++) row_offsets_.push_back(grid_shifts_[a] * plan_.v_ld + k);
      }
    }
    plan_.row_offsets = row_offsets_.data();
    plan_.tap_ids = tap_ids_.data();
    plan_.grid_shifts = grid_shifts_.data();
    plan_.dx_shifts = dx_shifts_.data();
    if (forward) {
      by_input_.assign(static_cast<size_t>(plan_.taps * vc * plan_.w_ld), 0.0f);
      for (int64_t a = 0; a < plan_.taps; a++) {
        for (int64_t k = 0; k < vc; k++) {
          for (int64_t o = 0; o < oc; o++) by_input_[(a * vc + k) * plan_.w_ld + o] = filter[(tap_ids_[a] * vc + k) * oc + o];
        }
      }
      plan_.filter_by_input = by_input_.data();
    } else if (input_gradient) {
      by_output_.assign(static_cast<size_t>(plan_.taps * oc * plan_.vc_pad), 0.0f);
      for (int64_t a = 0; a < plan_.taps; a++) {
        for (int64_t k = 0; k < vc; k++) {
          for (int64_t o = 0; o < oc; o++) by_output_[(a * oc + o) * plan_.vc_pad + k] = filter[(tap_ids_[a] * vc + k) * oc + o];
        }
      }
      plan_.filter_by_output = by_output_.data();
    }
  }

  PlannedConv(const PlannedConv&) = delete;
  PlannedConv& operator=(const PlannedConv&) = delete;

  const ConvPlan& plan() const { return plan_; }

  // Why one image's grids would be too large to allocate, or null. The sizes are products of
  // fields each at most INT_MAX; a kernel far larger than its image is the way to get there.
  const char* Problem() const {
    int64_t pixels, floats;
    const int64_t channels = plan_.g.vc + plan_.oc_pad + plan_.vc_pad;
    const bool overflow = __builtin_mul_overflow(plan_.grid_h + plan_.dx_h, plan_.grid_w + plan_.dx_w, &pixels) ||
                          __builtin_mul_overflow(pixels + plan_.slack, channels, &floats);
    return overflow || floats > (int64_t{1} << 31) ? "geometry: one image's padded grids would exceed 2^31 floats" : nullptr;
  }

  // Adds a worker's packed filter gradient (ConvPlan::PackedFilterFloats) onto d_filter [kh·kw][vc][oc].
  void AddUnpacked(const float* packed, float* d_filter) const {
    const int64_t vc = plan_.g.vc, oc = plan_.g.out_channels;
    for (int64_t a = 0; a < plan_.taps; a++) {
      float* out = d_filter + tap_ids_[a] * vc * oc;
      for (int64_t k = 0; k < vc; k++) {
        for (int64_t o = 0; o < oc; o++) {
          out[k * oc + o] += packed[(a * vc + k) * plan_.w_ld + o];
        }
      }
    }
  }

 private:
  static int64_t RoundUp(int64_t n, int64_t lanes) { return (n + lanes - 1) / lanes * lanes; }

  static bool AllZero(const float* values, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
      if (values[i] != 0.0f) return false;
    }
    return true;
  }

  ConvPlan plan_;
  std::vector<int64_t> tap_ids_, grid_shifts_, dx_shifts_, row_offsets_;
  std::vector<float> by_input_, by_output_;
};
