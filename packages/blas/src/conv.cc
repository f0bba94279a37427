// Native stride-1 convolutions for the 'cpu-blas' backend: forward with its bias + activation
// epilogue, and one gradient kernel giving the input, filter and bias gradients. This file reads
// and checks the arguments, plans the call (conv-planning.h), picks the engine for this processor
// and splits the batch across threads; the engines (conv-engine.h) do the arithmetic.
//
// Why register-blocked tiles over padded grids rather than im2col + OpenBLAS sgemm, which these
// kernels first were: the models' layers have 1 to 128 channels, so the patch matrix's products
// are tall and thin ([25,088 × 36]·[36 × 16] for conv-vae's first layer), where OpenBLAS ran at
// 20-45 GFLOP/s per core here, and writing and re-reading the patch matrix (9× the input) cost
// about as much again. A tile keeps its outputs in registers for the whole sum and reads each
// input once per multiply-add, from a copy of the image padded once. conv-vae's four layers,
// forward and gradients at batch 128 on one thread (CPU time, so other users' load counts less):
// 119 ms with im2col + sgemm, 29 ms with the tiles (bench/conv-layer-bench.ts).
#include <node_api.h>

#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "blas-api.h"
#include "conv-plan.h"
#include "conv-planning.h"
#include "napi-args.h"
#include "parallel-images.h"

namespace {

bool EngineSupported(const ConvEngine& engine) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (&engine == &kConvEngineAvx512) return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (&engine == &kConvEngineAvx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return &engine == &kConvEngineBaseline;
}

// Widest first; the first the processor (and its operating system) supports is the default.
const ConvEngine* const kEngines[] = {
#if defined(__x86_64__)
    &kConvEngineAvx512,
    &kConvEngineAvx2,
#endif
    &kConvEngineBaseline,
};

const ConvEngine* DefaultEngine() {
  for (const ConvEngine* engine : kEngines) {
    if (EngineSupported(*engine)) return engine;
  }
  return &kConvEngineBaseline;
}

const ConvEngine* active_engine = nullptr;

const ConvEngine& Engine() {
  if (active_engine == nullptr) active_engine = DefaultEngine();
  return *active_engine;
}

// The filter the engines use: w, or w ⊙ mask for a masked (autoregressive) convolution.
const float* EffectiveFilter(const float* w, const float* mask, int64_t size, std::vector<float>* scratch) {
  if (mask == nullptr) return w;
  scratch->resize(static_cast<size_t>(size));
  for (int64_t i = 0; i < size; i++) (*scratch)[i] = w[i] * mask[i];
  return scratch->data();
}

// Reads the geometry array; false (with a RangeError thrown) when it is unusable.
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

// The optional addend: [batch, oc] (per image, broadcast over the pixels) or one per output
// element; false (with a RangeError thrown) for any other length.
bool ReadAddend(Args& args, size_t index, const ConvGeometry& g, const char* name, Floats* addend, bool* per_image) {
  if (!args.OptionalArray(index, -1, addend, name)) return false;
  const int64_t length = static_cast<int64_t>(addend->length), images = g.batch * g.out_channels;
  *per_image = length == images;
  if (addend->data == nullptr || length == images || length == g.OutputSize()) return true;
  const std::string message = std::string(name) + " has " + std::to_string(length) + " elements; it needs batch·outChannels (" +
                              std::to_string(images) + ") or one per output element (" + std::to_string(g.OutputSize()) + ")";
  args.RangeError(message.c_str());
  return false;
}

// How many workers ParallelOverImages runs for a batch: one per OpenBLAS thread, at most one per image.
int64_t Workers(int64_t batch) {
  const int64_t configured = openblas_get_num_threads();
  return batch < configured ? (batch > 0 ? batch : 1) : configured;
}

// One worker's grids, sized by the plan.
struct WorkerGrids {
  std::vector<float> input, gradient, dx, partial;
  WorkerGrids(const ConvPlan& plan, bool backward, bool input_gradient)
      : input(static_cast<size_t>(plan.InputGridFloats())),
        gradient(backward ? static_cast<size_t>(plan.GradientGridFloats()) : 0),
        dx(backward && input_gradient ? static_cast<size_t>(plan.DxGridFloats()) : 0),
        partial(static_cast<size_t>(plan.PartialFloats())) {}
  ConvScratch Scratch() { return ConvScratch{input.data(), gradient.data(), dx.data(), partial.data()}; }
};

// conv2d(x, filter, mask | null, bias | null, addend | null, geometry, relu, out)
napi_value Conv2d(napi_env env, napi_callback_info info) {
  Args args(env, info, 8, "conv2d(x, filter, mask, bias, addend, geometry, relu, out)");
  ConvGeometry g;
  ConvEpilogue epilogue;
  if (!ReadGeometry(args, 5, &g) || !args.Bool(6, &epilogue.relu, "relu")) return nullptr;
  Floats x, w, mask, bias, addend, out;
  if (!args.Array(0, g.InputSize(), &x, "x") || !args.Array(1, g.FilterSize(), &w, "filter") ||
      !args.OptionalArray(2, g.FilterSize(), &mask, "mask") || !args.OptionalArray(3, g.out_channels, &bias, "bias") ||
      !ReadAddend(args, 4, g, "addend", &addend, &epilogue.addend_per_image) || !args.Array(7, g.OutputSize(), &out, "out")) {
    return nullptr;
  }
  epilogue.bias = bias.data;
  epilogue.addend = addend.data;
  if (g.OutputSize() == 0) return nullptr;
  const ConvEngine& engine = Engine();
  std::vector<float> filter_scratch;
  const float* filter = EffectiveFilter(w.data, mask.data, g.FilterSize(), &filter_scratch);
  const PlannedConv planned(g, engine.lanes, filter, mask.data, true, false);
  if (const char* problem = planned.Problem()) return args.RangeError(problem);
  // Each worker fills its own grids, allocated once per call (it takes its images a few at a time).
  std::vector<WorkerGrids> grids;
  for (int64_t worker = 0; worker < Workers(g.batch); worker++) grids.emplace_back(planned.plan(), false, false);
  ParallelOverImages(g.batch, [&](int worker, int64_t b0, int64_t b1) {
    engine.forward(planned.plan(), x.data, epilogue, b0, b1, out.data, grids[worker].Scratch());
  });
  return nullptr;
}

// conv2dGrad(x, filter, mask | null, y | null, dy, geometry, relu, dx | null, dFilter, dBias, dAddend | null)
// g = dy·relu'(y) (y is needed only for relu); dBias = Σ g; dFilter = the filter gradient (⊙ mask);
// dx = the input gradient through the padding and the resampling, skipped when dx is null (a
// layer whose input is data); dAddend = g, or its sum per image ([batch, oc]), for a layer with an addend.
napi_value Conv2dGrad(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "conv2dGrad(x, filter, mask, y, dy, geometry, relu, dx, dFilter, dBias, dAddend)");
  ConvGeometry g;
  bool relu = false;
  if (!ReadGeometry(args, 5, &g) || !args.Bool(6, &relu, "relu")) return nullptr;
  Floats x, w, mask, y, dy, dx, dw, db, d_addend;
  bool addend_per_image = false;
  if (!args.Array(0, g.InputSize(), &x, "x") || !args.Array(1, g.FilterSize(), &w, "filter") ||
      !args.OptionalArray(2, g.FilterSize(), &mask, "mask") || !args.OptionalArray(3, g.OutputSize(), &y, "y") ||
      !args.Array(4, g.OutputSize(), &dy, "dy") || !args.OptionalArray(7, g.InputSize(), &dx, "dx") ||
      !args.Array(8, g.FilterSize(), &dw, "dFilter") || !args.Array(9, g.out_channels, &db, "dBias") ||
      !ReadAddend(args, 10, g, "dAddend", &d_addend, &addend_per_image)) {
    return nullptr;
  }
  if (relu && y.data == nullptr) return args.RangeError("conv2dGrad: a relu layer's gradient needs its output y");
  const int64_t oc = g.out_channels;
  std::memset(db.data, 0, sizeof(float) * static_cast<size_t>(oc));
  std::memset(dw.data, 0, sizeof(float) * static_cast<size_t>(g.FilterSize()));
  if (dx.data != nullptr) std::memset(dx.data, 0, sizeof(float) * static_cast<size_t>(g.InputSize()));
  if (d_addend.data != nullptr) std::memset(d_addend.data, 0, sizeof(float) * d_addend.length);
  if (g.OutputSize() == 0) return nullptr;
  const ConvEngine& engine = Engine();
  std::vector<float> filter_scratch;
  const float* filter = EffectiveFilter(w.data, mask.data, g.FilterSize(), &filter_scratch);
  const bool input_gradient = dx.data != nullptr;
  const PlannedConv planned(g, engine.lanes, filter, mask.data, false, input_gradient);
  if (const char* problem = planned.Problem()) return args.RangeError(problem);
  const ConvPlan& plan = planned.plan();
  // Each worker sums its images' filter and bias gradients on its own; they are added up after.
  const int64_t workers = Workers(g.batch);
  std::vector<std::vector<float>> dw_parts(static_cast<size_t>(workers), std::vector<float>(static_cast<size_t>(plan.PackedFilterFloats()), 0.0f));
  std::vector<std::vector<float>> db_parts(static_cast<size_t>(workers), std::vector<float>(static_cast<size_t>(oc), 0.0f));
  std::vector<WorkerGrids> grids;
  for (int64_t worker = 0; worker < workers; worker++) grids.emplace_back(plan, true, input_gradient);
  ParallelOverImages(g.batch, [&](int worker, int64_t b0, int64_t b1) {
    const ConvGradients out{dx.data, dw_parts[worker].data(), db_parts[worker].data(), d_addend.data, addend_per_image};
    engine.backward(plan, x.data, dy.data, y.data, relu, b0, b1, out, grids[worker].Scratch());
  });
  for (int64_t part = 0; part < workers; part++) {
    for (int64_t o = 0; o < oc; o++) db.data[o] += db_parts[part][o];
    planned.AddUnpacked(dw_parts[part].data(), dw.data);
  }
  if (mask.data != nullptr) {
    for (int64_t i = 0; i < g.FilterSize(); i++) dw.data[i] *= mask.data[i];
  }
  return nullptr;
}

// convEngine(name | null) → the engine in use, after switching to `name` when given: "avx512",
// "avx2" or "baseline"; a RangeError when this processor cannot run it. For tests and benchmarks.
napi_value ConvEngineName(napi_env env, napi_callback_info info) {
  Args args(env, info, 1, "convEngine(name)");
  std::string wanted;
  bool given = false;
  if (!args.OptionalString(0, &wanted, &given, "name")) return nullptr;
  if (given) {
    const ConvEngine* chosen = nullptr;
    for (const ConvEngine* engine : kEngines) {
      if (wanted == engine->name) chosen = engine;
    }
    if (chosen == nullptr) return args.RangeError("convEngine: name must be \"avx512\", \"avx2\" or \"baseline\" (those built for this processor)");
    if (!EngineSupported(*chosen)) return args.RangeError("convEngine: this processor cannot run that engine");
    active_engine = chosen;
  }
  napi_value result;
  napi_create_string_utf8(env, Engine().name, NAPI_AUTO_LENGTH, &result);
  return result;
}

}  // namespace

void RegisterConvKernels(napi_env env, napi_value exports) {
  DefineFunctions(env, exports, {{"conv2d", Conv2d}, {"conv2dGrad", Conv2dGrad}, {"convEngine", ConvEngineName}});
}
