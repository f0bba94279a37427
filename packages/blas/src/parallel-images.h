// Splitting a convolution's batch across threads, each running its images' whole pipeline (grid
// fill, tiles, epilogue or fold) with its own scratch.
//
// Why the images and not the pixels or the channels: every image is independent work of the same
// size, needing no synchronization but the join; the filter and bias gradients are summed per
// thread and added up after. The images are handed out a few at a time, first come first served,
// rather than split in halves up front: on this shared 2-core machine another process often holds
// one core for a while, and a fixed half waiting for it made a step's time vary 2× between runs.
// The thread count is OpenBLAS's (one per core unless OPENBLAS_NUM_THREADS says otherwise: one
// knob for the dense layers' sgemm and the convolutions alike).
#pragma once
#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "blas-api.h"

// Runs work(worker, b0, b1) over [0, batch) in contiguous chunks, on at most `threads` workers
// and never more than there are images; the calling thread is worker 0. Each worker takes the
// next chunk when it finishes one. Where a thread cannot be started the others take its share,
// so the result never depends on it.
inline void ParallelOverImages(int64_t batch, const std::function<void(int, int64_t, int64_t)>& work) {
  const int configured = openblas_get_num_threads();
  // As conv.cc's Workers(batch): it sizes the per-worker buffers by the same rule.
  const int64_t threads = batch < configured ? batch : configured;
  if (threads <= 1) {
    work(0, 0, batch);
    return;
  }
  // Chunks of about batch / (8 · threads) images: small enough to even out a delayed thread, large
  // enough that taking one costs nothing next to its images.
  const int64_t chunk = batch / (8 * threads) > 0 ? batch / (8 * threads) : 1;
  std::atomic<int64_t> next{0};
  struct Task {
    const std::function<void(int, int64_t, int64_t)>* work;
    std::atomic<int64_t>* next;
    int64_t batch, chunk;
    int worker;
  };
  auto run = [](void* raw) -> void* {
    const Task* task = static_cast<const Task*>(raw);
    for (int64_t b0 = task->next->fetch_add(task->chunk); b0 < task->batch; b0 = task->next->fetch_add(task->chunk)) {
      (*task->work)(task->worker, b0, b0 + task->chunk < task->batch ? b0 + task->chunk : task->batch);
    }
    return nullptr;
  };
  std::vector<Task> tasks;
  for (int64_t t = 0; t < threads; t++) tasks.push_back(Task{&work, &next, batch, chunk, static_cast<int>(t)});
  std::vector<pthread_t> started(static_cast<size_t>(threads));
  std::vector<bool> running(static_cast<size_t>(threads), false);
  for (int64_t t = 1; t < threads; t++) running[t] = pthread_create(&started[t], nullptr, run, &tasks[t]) == 0;
  run(&tasks[0]);
  for (int64_t t = 1; t < threads; t++) {
    if (running[t]) pthread_join(started[t], nullptr);
  }
}
