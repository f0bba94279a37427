// The fused kernels (fused.cc, fused-training.cc), registered on the module's exports by sgemm.cc's Init.
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

// The Gaussian latent layer and the Bernoulli likelihood (fused.cc).
void RegisterFusedKernels(napi_env env, napi_value exports);

// The dense layers' epilogue and gradients, the gradient norm and Adam (fused-training.cc).
void RegisterTrainingKernels(napi_env env, napi_value exports);

// The convolution kernels (conv.cc).
void RegisterConvKernels(napi_env env, napi_value exports);
