// N-API binding of OpenBLAS's cblas_sgemm for the workbench's 'cpu-blas' backend (the fused
// training kernels are in fused.cc).
//
// Written against the C N-API (node_api.h, ABI-stable) rather than node-addon-api so the
// package needs nothing from the registry to build: only a compiler and libopenblas-dev.
#include <node_api.h>
#include <cblas.h>

#include <climits>
#include <cstdint>
#include <string>

#include "fused.h"

namespace {

bool Check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return true;
  napi_throw_error(env, nullptr, what);
  return false;
}

bool GetFloat32Array(napi_env env, napi_value value, float** data, size_t* length, const char* name) {
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  napi_typedarray_type type;
  void* raw = nullptr;
  if (is_typed && napi_get_typedarray_info(env, value, &type, length, &raw, nullptr, nullptr) == napi_ok && type == napi_float32_array) {
    *data = static_cast<float*>(raw);
    return true;
  }
  std::string message = std::string(name) + " must be a Float32Array";
  napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

// BLAS takes int dimensions and leading dimensions, so every size must fit one.
bool GetInt(napi_env env, napi_value value, int64_t* out, const char* name) {
  if (napi_get_value_int64(env, value, out) == napi_ok && *out >= 0 && *out <= INT_MAX) return true;
  std::string message = std::string(name) + " must be an integer from 0 to 2^31-1";
  napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

// sgemm(transA, transB, batch, m, n, k, a, strideA, b, strideB, c)
// c[i] = op(a[i]) · op(b[i]) for i < batch, row-major; strides are in elements between
// consecutive batch matrices (0 broadcasts one matrix over the batch). c is overwritten.
napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value argv[11];
  if (!Check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "cannot read arguments")) return nullptr;
  if (argc != 11) {
    napi_throw_type_error(env, nullptr, "sgemm expects 11 arguments (transA, transB, batch, m, n, k, a, strideA, b, strideB, c)");
    return nullptr;
  }
  bool trans_a = false, trans_b = false;
  if (napi_get_value_bool(env, argv[0], &trans_a) != napi_ok || napi_get_value_bool(env, argv[1], &trans_b) != napi_ok) {
    napi_throw_type_error(env, nullptr, "transA and transB must be booleans");
    return nullptr;
  }
  int64_t batch, m, n, k, stride_a, stride_b;
  if (!GetInt(env, argv[2], &batch, "batch") || !GetInt(env, argv[3], &m, "m") || !GetInt(env, argv[4], &n, "n") ||
      !GetInt(env, argv[5], &k, "k") || !GetInt(env, argv[7], &stride_a, "strideA") || !GetInt(env, argv[9], &stride_b, "strideB")) {
    return nullptr;
  }
  float *a, *b, *c;
  size_t a_len, b_len, c_len;
  if (!GetFloat32Array(env, argv[6], &a, &a_len, "a") || !GetFloat32Array(env, argv[8], &b, &b_len, "b") ||
      !GetFloat32Array(env, argv[10], &c, &c_len, "c")) {
    return nullptr;
  }
  // Bounds are checked here, once, so a wrong shape from JavaScript is an exception, never a
  // read or write past a buffer. Every size product is computed with an overflow check first:
  // dimensions up to 2^31-1 multiply past int64 (batch·m·n), and a wrapped product could pass.
  const int64_t last = batch > 0 ? batch - 1 : 0;
  int64_t mn, mk, kn, c_need, a_off, b_off, a_need, b_need;
  if (__builtin_mul_overflow(m, n, &mn) || __builtin_mul_overflow(m, k, &mk) || __builtin_mul_overflow(k, n, &kn) ||
      __builtin_mul_overflow(batch, mn, &c_need) || __builtin_mul_overflow(last, stride_a, &a_off) ||
      __builtin_mul_overflow(last, stride_b, &b_off) || __builtin_add_overflow(a_off, mk, &a_need) ||
      __builtin_add_overflow(b_off, kn, &b_need)) {
    napi_throw_range_error(env, nullptr, "sgemm: the sizes implied by batch, m, n, k and the strides overflow 64-bit integers");
    return nullptr;
  }
  if (batch > 0 && (static_cast<uint64_t>(a_need) > a_len || static_cast<uint64_t>(b_need) > b_len ||
                    static_cast<uint64_t>(c_need) > c_len)) {
    napi_throw_range_error(env, nullptr, "sgemm: a buffer is shorter than its shape and stride require");
    return nullptr;
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
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int64_t threads = 0;
  if (argc != 1) {
    napi_throw_type_error(env, nullptr, "setThreads expects one argument (threads)");
    return nullptr;
  }
  if (!GetInt(env, argv[0], &threads, "threads")) return nullptr;
  if (threads < 1) {
    napi_throw_range_error(env, nullptr, "threads must be at least 1");
    return nullptr;
  }
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
  napi_property_descriptor properties[] = {
      {"sgemm", nullptr, Sgemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"describe", nullptr, Describe, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  RegisterFusedKernels(env, exports);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
