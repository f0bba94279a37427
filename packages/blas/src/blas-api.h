// The few OpenBLAS entry points the addon calls, declared here instead of including cblas.h, so
// the package builds against what a runtime install provides (Debian's libopenblas0: the shared
// library libopenblas.so.0, no headers and no unversioned libopenblas.so) as well as against
// libopenblas-dev. The signatures and enum values are cblas's (the reference CBLAS interface,
// which OpenBLAS exports unchanged); binding.gyp links libopenblas.so.0 by its file name.
#pragma once

extern "C" {
enum CBLAS_ORDER { CblasRowMajor = 101, CblasColMajor = 102 };
enum CBLAS_TRANSPOSE { CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113 };

void cblas_sgemm(enum CBLAS_ORDER order, enum CBLAS_TRANSPOSE trans_a, enum CBLAS_TRANSPOSE trans_b, int m, int n, int k, float alpha,
                 const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc);
void openblas_set_num_threads(int threads);
int openblas_get_num_threads(void);
char* openblas_get_config(void);
char* openblas_get_corename(void);
}
