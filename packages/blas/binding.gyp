{
  "targets": [
    {
      "target_name": "blas",
      "sources": ["src/sgemm.cc"],
      "cflags_cc": ["-O2", "-fno-exceptions"],
      "libraries": ["-lopenblas"]
    }
  ]
}
