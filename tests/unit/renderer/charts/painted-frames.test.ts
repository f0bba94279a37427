/** Remembered canvas pictures: found again by the identity of what they were painted from, read back after the frame. */
import { describe, expect, it } from 'vitest';
import type { FrameScheduler } from '../../../../src/renderer/src/charts/coalesced-task';
import { CanvasPictures, PaintedFrames } from '../../../../src/renderer/src/charts/painted-frames';

const picture = (tag: number) => ({ width: 2, height: 1, tag });

describe('PaintedFrames', () => {
  it('finds a picture by its parts: arrays by identity, numbers and names by value', () => {
    const frames = new PaintedFrames<ReturnType<typeof picture>>();
    const xy = new Float32Array([1, 2]);
    frames.set([xy, 'pca', 360], picture(1));
    expect(frames.get([xy, 'pca', 360])?.tag).toBe(1);
    // The same numbers in another array are another epoch's points, not these.
    expect(frames.get([new Float32Array([1, 2]), 'pca', 360])).toBeNull();
    expect(frames.get([xy, 'pca', 720])).toBeNull();
    expect(frames.get([xy, 'pca'])).toBeNull();
    expect(frames.get([xy, 'pca', 360, 1])).toBeNull();
  });

  it('keeps the most recently used pictures and replaces one painted again', () => {
    const frames = new PaintedFrames<ReturnType<typeof picture>>(2);
    frames.set(['a'], picture(1));
    frames.set(['b'], picture(2));
    expect(frames.get(['a'])?.tag).toBe(1); // now the most recent
    frames.set(['c'], picture(3));
    expect(frames.get(['b'])).toBeNull();
    expect(frames.get(['a'])?.tag).toBe(1);
    frames.set(['a'], picture(4));
    expect(frames.size).toBe(2);
    expect(frames.get(['a'])?.tag).toBe(4);
  });
});

/** A stand-in for a 2-D context: what was put, and what a read-back returns. */
function fakeContext(width: number, height: number) {
  const put: unknown[] = [];
  let reads = 0;
  let pixels = 'first';
  const context = {
    canvas: { width, height },
    putImageData: (image: unknown) => put.push(image),
    getImageData: (x: number, y: number, w: number, h: number) => {
      reads++;
      return { width: w, height: h, pixels, at: [x, y] };
    },
  };
  return { context: context as unknown as CanvasRenderingContext2D, put, reads: () => reads, paint: (next: string) => (pixels = next) };
}

function manualFrames(): { nextFrame: FrameScheduler; frame: () => void } {
  let due: (() => void)[] = [];
  return {
    nextFrame: (callback) => {
      due.push(callback);
      return () => (due = due.filter((waiting) => waiting !== callback));
    },
    frame: () => {
      const now = due;
      due = [];
      now.forEach((callback) => callback());
    },
  };
}

const afterTask = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('CanvasPictures', () => {
  it('reads a painted picture back after the frame, not in it, and puts it back when its key returns', async () => {
    const frames = manualFrames();
    const pictures = new CanvasPictures(4, frames.nextFrame);
    const canvas = fakeContext(3, 2);
    const epoch1 = [new Float32Array(4), 'z1'];
    expect(pictures.restore(canvas.context, epoch1)).toBe(false);
    pictures.painted(canvas.context, epoch1);
    expect(canvas.reads()).toBe(0);
    frames.frame();
    await afterTask();
    expect(canvas.reads()).toBe(1);
    expect(pictures.restore(canvas.context, epoch1)).toBe(true);
    expect(canvas.put).toEqual([{ width: 3, height: 2, pixels: 'first', at: [0, 0] }]);
    pictures.dispose();
  });

  it('does not remember a picture that another one replaced before the frame ended', async () => {
    const frames = manualFrames();
    const pictures = new CanvasPictures(4, frames.nextFrame);
    const canvas = fakeContext(3, 2);
    const first = ['epoch 1'];
    const second = ['epoch 2'];
    pictures.painted(canvas.context, first);
    // Restored from nothing: the canvas will show `second` once painted.
    expect(pictures.restore(canvas.context, second)).toBe(false);
    frames.frame();
    await afterTask();
    expect(canvas.reads()).toBe(0);
    expect(pictures.restore(canvas.context, first)).toBe(false);
    pictures.dispose();
  });

  it('paints again when the canvas changed size since the picture was taken', async () => {
    const frames = manualFrames();
    const pictures = new CanvasPictures(4, frames.nextFrame);
    const canvas = fakeContext(3, 2);
    const key = ['epoch 1'];
    pictures.painted(canvas.context, key);
    frames.frame();
    await afterTask();
    canvas.context.canvas.width = 6;
    expect(pictures.restore(canvas.context, key)).toBe(false);
    pictures.dispose();
  });
});
