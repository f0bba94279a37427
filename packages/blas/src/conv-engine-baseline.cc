// The convolution engine for any processor: 4-float vectors, which the compiler maps to the
// baseline instruction set (SSE2 on x86-64, NEON on arm64) or to scalar code; 16 registers assumed.
#include <cstdint>
#include <cstring>

#include "conv-plan.h"

#define VWB_ISA baseline_engine
#define VWB_LANES 4
#define VWB_REGISTERS 16
#include "conv-engine.h"

const ConvEngine kConvEngineBaseline = {"baseline", VWB_LANES, baseline_engine::ForwardImages, baseline_engine::BackwardImages};
