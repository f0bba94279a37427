// Vectorized loops for the fused kernels (fused.cc, fused-training.cc): a clone of each per
// instruction set, and the vector variants of expf and log1pf.
//
// The transcendental functions come from glibc's vector math library (libmvec, ≤ 4 ulp): the
// simd attribute below tells GCC those vector variants exist, so loops calling expf and log1pf
// are vectorized without -ffast-math. The build keeps IEEE semantics otherwise (NaN stays NaN,
// comparisons with NaN are false), which the workbench's NaN guard relies on.
#pragma once
#include <cmath>

#if defined(__x86_64__) && defined(__GLIBC__)
// glibc's libmvec has SSE, AVX2 and AVX-512 variants of both (log1pf's since glibc 2.35; the
// package links with -z now, so an older glibc fails the load, and the workbench falls back to
// 'wasm' naming the missing symbol, instead of failing mid-training).
extern "C" {
__attribute__((simd("notinbranch"), const, nothrow)) float vwb_expf(float) __asm__("expf");
__attribute__((simd("notinbranch"), const, nothrow)) float vwb_log1pf(float) __asm__("log1pf");
}
// Vectorized loops get a clone per instruction set; the loader picks the best one at run time,
// so the package stays portable to x86-64 machines without AVX.
#define VWB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
// Elsewhere (another architecture or C library): the scalar functions, same results.
static inline float vwb_expf(float x) { return std::exp(x); }
static inline float vwb_log1pf(float x) { return std::log1p(x); }
#define VWB_CLONES
#endif
