{
  "targets": [
    {
      "target_name": "blas",
      "sources": ["src/sgemm.cc", "src/fused.cc", "src/conv.cc"],
      "cflags_cc": ["-O3", "-fno-exceptions", "-fopenmp-simd", "-fno-math-errno", "-fno-trapping-math"],
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
