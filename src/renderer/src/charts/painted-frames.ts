/**
 * Finished canvas pixels, remembered by what they were painted from, so that going back to an
 * epoch (a slider scrubbed to and fro, clicks along the KL grid) puts its picture back in one
 * putImageData instead of painting 2,000 points and their labels again: ~0.2 ms instead of 1.5–3.5 ms
 * a scatter, in the frame the selection has to fit in.
 *
 * A key is a list of parts: the arrays a picture was painted from by identity (the snapshot cache
 * and the memoised coordinates keep them stable while they mean the same thing), sizes and names by
 * value. The few most recent pictures are kept.
 */
import { LruCache } from '../lib/lru-cache';
import { CoalescedTask, type FrameScheduler } from './coalesced-task';

export type FrameKey = readonly unknown[];

export interface PixelPicture {
  readonly width: number;
  readonly height: number;
}

/**
 * The few most recent pictures (an LruCache), each under a string made from its key: an array or
 * other object stands in by a number of its own (so two arrays with the same values are two
 * keys), a number or name by its value.
 */
export class PaintedFrames<Picture extends PixelPicture> {
  private readonly cache: LruCache<string, Picture>;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 0;

  /** `limit` pictures at most; a 360 × 360 canvas's is 0.5 MB. */
  constructor(limit = 8) {
    this.cache = new LruCache(limit);
  }

  /** The picture painted from `key`, now the most recently used; null when there is none. */
  get(key: FrameKey): Picture | null {
    return this.cache.get(this.textOf(key)) ?? null;
  }

  set(key: FrameKey, picture: Picture): void {
    this.cache.set(this.textOf(key), picture);
  }

  clear(): void {
    this.cache.clear();
  }

  get size(): number {
    return this.cache.size;
  }

  private textOf(key: FrameKey): string {
    return JSON.stringify(key.map((part) => (typeof part === 'object' && part !== null ? { id: this.idOf(part) } : part)));
  }

  private idOf(part: object): number {
    let id = this.ids.get(part);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(part, id);
    }
    return id;
  }
}

/**
 * A canvas's finished pictures (text included), remembered by key: restore() puts one back; after
 * painting a new one, painted() reads it back from the canvas in a task after the frame, so that
 * painting a new picture costs no read-back inside the frame that shows it.
 */
export class CanvasPictures {
  private readonly frames: PaintedFrames<ImageData>;
  /** The key of the picture on the canvas now. */
  private shown: FrameKey | null = null;
  private pending: { key: FrameKey; context: CanvasRenderingContext2D } | null = null;
  private readonly readBack: CoalescedTask;

  /** `nextFrame`: the animation frame by default (tests drive their own). */
  constructor(limit = 8, nextFrame?: FrameScheduler) {
    this.frames = new PaintedFrames(limit);
    this.readBack = new CoalescedTask(() => {
      const latest = this.pending;
      this.pending = null;
      if (!latest || latest.key !== this.shown) return;
      const { canvas } = latest.context;
      if (canvas.width > 0 && canvas.height > 0) this.frames.set(latest.key, latest.context.getImageData(0, 0, canvas.width, canvas.height));
    }, nextFrame);
  }

  /** Puts the picture of `key` back on the canvas and returns true; false when it must be painted. */
  restore(context: CanvasRenderingContext2D, key: FrameKey): boolean {
    this.shown = key;
    const picture = this.frames.get(key);
    if (!picture || picture.width !== context.canvas.width || picture.height !== context.canvas.height) return false;
    context.putImageData(picture, 0, 0);
    return true;
  }

  /** Whether a picture of `key` is remembered. */
  has(key: FrameKey): boolean {
    return this.frames.get(key) !== null;
  }

  /** Remembers a picture painted elsewhere (ahead of time, on another canvas) under `key`. */
  store(key: FrameKey, picture: ImageData): void {
    this.frames.set(key, picture);
  }

  /** The picture of `key` has just been painted on the canvas: remember it after the frame. */
  painted(context: CanvasRenderingContext2D, key: FrameKey): void {
    this.shown = key;
    this.pending = { key, context };
    this.readBack.schedule();
  }

  dispose(): void {
    this.readBack.dispose();
    this.frames.clear();
  }
}
