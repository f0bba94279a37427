// N-API binding of OpenBLAS's cblas_sgemm for the workbench's 'cpu-blas' backend (the fused
// kernels are in fused.cc and fused-training.cc, the convolutions in conv.cc).
//
// Written against the C N-API (node_api.h, ABI-stable) rather than node-addon-api so the
// package needs nothing from the registry to build: only a compiler and OpenBLAS's shared library (blas-api.h).
#include <node_api.h>

#include <climits>
#include <cstdint>

#include "blas-api.h"
#include "fused.h"
#include "napi-args.h"

namespace {

// sgemm(transA, transB, batch, m, n, k, a, strideA, b, strideB, c)
// c[i] = op(a[i]) · op(b[i]) for i < batch, row-major; strides are in elements between
// consecutive batch matrices (0 broadcasts one matrix over the batch). c is overwritten.
napi_value Sgemm(napi_env env, napi_callback_info info) {
  Args args(env, info, 11, "sgemm(transA, transB, batch, m, n, k, a, strideA, b, strideB, c)");
  bool trans_a = false, trans_b = false;
  int64_t batch, m, n, k, stride_a, stride_b;
  Floats a_array, b_array, c_array;
  if (!args.Bool(0, &trans_a, "transA") || !args.Bool(1, &trans_b, "transB") || !args.Int(2, &batch, "batch", INT_MAX) ||
      !args.Int(3, &m, "m", INT_MAX) || !args.Int(4, &n, "n", INT_MAX) || !args.Int(5, &k, "k", INT_MAX) ||
      !args.Int(7, &stride_a, "strideA", INT_MAX) || !args.Int(9, &stride_b, "strideB", INT_MAX) || !args.Array(6, -1, &a_array, "a") ||
      !args.Array(8, -1, &b_array, "b") || !args.Array(10, -1, &c_array, "c")) {
    return nullptr;
  }
  float *a = a_array.data, *b = b_array.data, *c = c_array.data;
  const size_t a_len = a_array.length, b_len = b_array.length, c_len = c_array.length;
  // Bounds are checked here, once, so a wrong shape from JavaScript is an exception, never a
  // read or write past a buffer. Every size product is computed with an overflow check first:
  // dimensions up to 2^31-1 multiply past int64 (batch·m·n), and a wrapped product could pass.
  const int64_t last = batch > 0 ? batch - 1 : 0;
  int64_t mn, mk, kn, c_need, a_off, b_off, a_need, b_need;
  if (__builtin_mul_overflow(m, n, &mn) || __builtin_mul_overflow(m, k, &mk) || __builtin_mul_overflow(k, n, &kn) ||
      __builtin_mul_overflow(batch, mn, &c_need) || __builtin_mul_overflow(last, stride_a, &a_off) ||
      __builtin_mul_overflow(last, stride_b, &b_off) || __builtin_add_overflow(a_off, mk, &a_need) ||
      __builtin_add_overflow(b_off, kn, &b_need)) {
    return args.RangeError("sgemm: the sizes implied by batch, m, n, k and the strides overflow 64-bit integers");
  }
  if (batch > 0 && (static_cast<uint64_t>(a_need) > a_len || static_cast<uint64_t>(b_need) > b_len ||
                    static_cast<uint64_t>(c_need) > c_len)) {
    return args.RangeError("sgemm: a buffer is shorter than its shape and stride require");
  }
  if (m == 0 || n == 0) return nullptr;
  if (k == 0) {
    // An empty sum: BLAS rejects a zero leading dimension, and the product is all zeros anyway.
    for (int64_t j = 0; j < c_need; j++) c[j] = 0.0f;
    return nullptr;
  }
  const int lda = trans_a ? static_cast<int>(m) : static_cast<int>(k);
  const int ldb = trans_b ? static_cast<int>(k) : static_cast<int>(n);
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans, static_cast<int>(m),
                static_cast<int>(n), static_cast<int>(k), 1.0f, a + i * stride_a, lda, b + i * stride_b, ldb, 0.0f, c + i * mn,
                static_cast<int>(n));
  }
  return nullptr;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  Args args(env, info, 1, "setThreads(threads)");
  int64_t threads = 0;
  if (!args.Int(0, &threads, "threads", INT_MAX)) return nullptr;
  if (threads < 1) return args.RangeError("threads must be at least 1");
  openblas_set_num_threads(static_cast<int>(threads));
  return nullptr;
}

napi_value Describe(napi_env env, napi_callback_info) {
  napi_value result, config, core, threads;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, openblas_get_config(), NAPI_AUTO_LENGTH, &config);
  napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &core);
  napi_create_int32(env, openblas_get_num_threads(), &threads);
  napi_set_named_property(env, result, "config", config);
  napi_set_named_property(env, result, "core", core);
  napi_set_named_property(env, result, "threads", threads);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  DefineFunctions(env, exports, {{"sgemm", Sgemm}, {"setThreads", SetThreads}, {"describe", Describe}});
  RegisterFusedKernels(env, exports);
  RegisterTrainingKernels(env, exports);
  RegisterConvKernels(env, exports);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
