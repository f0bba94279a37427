// The convolution engine for x86-64 with AVX2 and FMA (8 floats per vector, 16 registers); see
// conv-engine-avx512.cc for how it is kept apart from the rest of the addon.
#if defined(__x86_64__)
#include <cstdint>
#include <cstring>

#include "conv-plan.h"

#pragma GCC target("avx2,fma")
#define VWB_ISA avx2_engine
#define VWB_LANES 8
#define VWB_REGISTERS 16
#include "conv-engine.h"

const ConvEngine kConvEngineAvx2 = {"avx2", VWB_LANES, avx2_engine::ForwardImages, avx2_engine::BackwardImages};
#endif
