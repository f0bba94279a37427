// Splitting a convolution's batch across threads, each running its images' whole pipeline (grid
// fill, tiles, epilogue or fold) with its own scratch.
//
// Why the images and not the pixels or the channels: every image is independent work of the same
// size, so a static split is balanced and needs no synchronization but the join; the filter and
// bias gradients are summed per thread and added up after. The thread count is OpenBLAS's (one
// per core unless OPENBLAS_NUM_THREADS says otherwise: one knob for the dense layers' sgemm and
// the convolutions alike).
#pragma once
#include <pthread.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "blas-api.h"

// Runs work(worker, b0, b1) over contiguous ranges of [0, batch), one per thread, at most
// `threads` of them and never more than there are images; the calling thread takes the first.
// Where a thread cannot be started its range runs on the caller, so the result never depends on it.
inline void ParallelOverImages(int64_t batch, const std::function<void(int, int64_t, int64_t)>& work) {
  const int configured = openblas_get_num_threads();
  const int64_t threads = batch < configured ? batch : configured;
  if (threads <= 1) {
    work(0, 0, batch);
    return;
  }
  struct Task {
    const std::function<void(int, int64_t, int64_t)>* work;
    int worker;
    int64_t b0, b1;
  };
  std::vector<Task> tasks;
  for (int64_t t = 0; t < threads; t++) tasks.push_back(Task{&work, static_cast<int>(t), batch * t / threads, batch * (t + 1) / threads});
  std::vector<pthread_t> started(static_cast<size_t>(threads));
  std::vector<bool> running(static_cast<size_t>(threads), false);
  auto run = [](void* raw) -> void* {
    Task* task = static_cast<Task*>(raw);
    (*task->work)(task->worker, task->b0, task->b1);
    return nullptr;
  };
  for (int64_t t = 1; t < threads; t++) running[t] = pthread_create(&started[t], nullptr, run, &tasks[t]) == 0;
  run(&tasks[0]);
  for (int64_t t = 1; t < threads; t++) {
    if (running[t]) pthread_join(started[t], nullptr);
    else run(&tasks[t]);
  }
}
