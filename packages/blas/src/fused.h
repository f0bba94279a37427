// The fused training kernels (fused.cc), registered on the module's exports by sgemm.cc's Init.
#pragma once
#include <node_api.h>

struct AdamScalars {
  float grad_scale = 1.0f;
  float lr = 0.0f;
  float beta1 = 0.0f;
  float beta2 = 0.0f;
  float one_minus_beta1 = 1.0f;
  float one_minus_beta2 = 1.0f;
  float epsilon = 0.0f;
  float bias_correction1 = 1.0f;
  float bias_correction2 = 1.0f;
};

void RegisterFusedKernels(napi_env env, napi_value exports);

// The convolution kernels (conv.cc).
void RegisterConvKernels(napi_env env, napi_value exports);
