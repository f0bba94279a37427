{
  "targets": [
    {
      "target_name": "blas",
      "sources": ["src/sgemm.cc", "src/fused.cc", "src/fused-training.cc", "src/conv.cc", "src/conv-engine-avx512.cc", "src/conv-engine-avx2.cc", "src/conv-engine-baseline.cc"],
      "cflags_cc": ["-O3", "-fno-exceptions", "-fopenmp-simd", "-fno-math-errno", "-fno-trapping-math", "-Wno-psabi"],
      "libraries": ["-l:libopenblas.so.0"],
      "conditions": [
        ["OS=='linux' and target_arch=='x64'", {
          "libraries": ["-lmvec"],
          "ldflags": ["-Wl,-z,now"]
        }]
      ]
    }
  ]
}
