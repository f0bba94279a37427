{
  "targets": [
    {
      "target_name": "blas",
      "sources": ["src/sgemm.cc", "src/fused.cc"],
      "cflags_cc": ["-O3", "-fno-exceptions", "-fopenmp-simd", "-fno-math-errno", "-fno-trapping-math"],
      "libraries": ["-lopenblas"],
      "conditions": [
        ["OS=='linux' and target_arch=='x64'", {
          "libraries": ["-lmvec"],
          "ldflags": ["-Wl,-z,now"]
        }]
      ]
    }
  ]
}
