import { describe, expect, it } from 'vitest';
import { CoalescedTask, type FrameScheduler } from '../../../../src/renderer/src/charts/coalesced-task';

/** Frames on demand: the test says when the next one comes. */
function manualFrames(): { nextFrame: FrameScheduler; frame: () => void; waiting: () => number } {
  let callbacks: (() => void)[] = [];
  return {
    nextFrame: (callback) => {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((waiting) => waiting !== callback);
      };
    },
    frame: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    waiting: () => callbacks.length,
  };
}

/** A task on manual frames whose callback counts its runs. */
function countingTask(): { frames: ReturnType<typeof manualFrames>; task: CoalescedTask; runs: () => number } {
  const frames = manualFrames();
  let runs = 0;
  const task = new CoalescedTask(() => runs++, frames.nextFrame);
  return { frames, task, runs: () => runs };
}

/** Resolves after messages posted so far have been delivered. */
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('CoalescedTask', () => {
  it('runs once, in a task after the next frame, for any number of schedules before it', async () => {
    const frames = manualFrames();
    const runs: string[] = [];
    const task = new CoalescedTask(() => runs.push('run'), frames.nextFrame);
    task.schedule();
    task.schedule();
    task.schedule();
    expect(frames.waiting()).toBe(1);
    await nextTask();
    expect(runs).toEqual([]);
    frames.frame();
    // Not inside the frame: in a task of its own after it.
    expect(runs).toEqual([]);
    await nextTask();
    expect(runs).toEqual(['run']);
    task.schedule();
    frames.frame();
    await nextTask();
    expect(runs).toEqual(['run', 'run']);
    task.dispose();
  });

  it('flush runs a scheduled callback now and cancels its frame; unscheduled, it does nothing', async () => {
    const { frames, task, runs } = countingTask();
    task.flush();
    expect(runs()).toBe(0);
    task.schedule();
    task.flush();
    expect(runs()).toBe(1);
    expect(frames.waiting()).toBe(0);
    await nextTask();
    expect(runs()).toBe(1);
    task.dispose();
  });

  it('runs nothing after dispose', async () => {
    const { frames, task, runs } = countingTask();
    task.schedule();
    task.dispose();
    frames.frame();
    task.schedule();
    task.flush();
    await nextTask();
    expect(runs()).toBe(0);
  });
});
