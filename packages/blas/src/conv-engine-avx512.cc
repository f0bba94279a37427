// The convolution engine for x86-64 with AVX-512 (16 floats per vector, 32 registers). Everything
// it uses from headers outside conv-engine.h is included before the target pragma, so only the
// engine itself is compiled for AVX-512 (see conv-tiles.h); conv.cc picks it at run time.
#if defined(__x86_64__)
#include <cstdint>
#include <cstring>

#include "conv-plan.h"

#pragma GCC target("avx512f,avx2,fma")
#define VWB_ISA avx512_engine
#define VWB_LANES 16
#define VWB_REGISTERS 32
#include "conv-engine.h"

const ConvEngine kConvEngineAvx512 = {"avx512", VWB_LANES, avx512_engine::ForwardImages, avx512_engine::BackwardImages};
#endif
