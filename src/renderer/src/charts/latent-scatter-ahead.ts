/**
 * The latent explorer's next pictures painted ahead of time. The explorer prefetches the snapshots
 * of the epochs beside the one shown; their scatters are painted here, one per idle period, on a
 * scratch canvas, and remembered (painted-frames.ts) under the key draw() will look for. Stepping to
 * a neighbouring epoch then puts its picture back (~0.4 ms) instead of painting 2,000 points and
 * their labels (2–3.5 ms) inside the frame that shows it.
 */
import type { ChartColors } from './chart-theme';
import { scatterFrame } from './latent-scatter-frame';
import { paddedExtent } from './latent-scatter-option';
import { paintLatentScatter, type ScatterPaint, type TextWidths } from './latent-scatter-paint';
import type { CanvasPictures, FrameKey } from './painted-frames';

/** What a picture shows: an epoch's points, their classes and the axes' names. */
export interface ScatterInput {
  points: ArrayLike<number>;
  labels: ArrayLike<number> | null;
  xName: string;
  yName: string;
}

/** How every picture is drawn: colours, symbol, font, and the canvas's CSS size and pixel ratio. */
export interface ScatterLook {
  colors: ChartColors;
  symbolSize: number;
  fontFamily: string;
  width: number;
  height: number;
  ratio: number;
}

/** The key a picture is remembered by: everything it was painted from (`shown`: the points of the classes shown, null for all). */
export function pictureKey(input: ScatterInput, shown: readonly number[] | null, look: ScatterLook): FrameKey {
  return [input.points, input.labels, shown, look.colors, look.symbolSize, input.xName, input.yName, look.fontFamily, Math.round(look.width * look.ratio), Math.round(look.height * look.ratio)];
}

/**
 * What paintLatentScatter draws for `input`, from the same parts as its key, so a picture painted
 * ahead and one painted on screen are the same picture. `frame` when the caller has it already.
 */
export function scatterPaint(input: ScatterInput, shown: readonly number[] | null, look: ScatterLook, frame = scatterFrame(look.width, look.height, paddedExtent(input.points, 0), paddedExtent(input.points, 1))): ScatterPaint {
  const { colors, symbolSize, fontFamily, ratio } = look;
  return { frame, points: input.points, labels: input.labels ?? [], shown, colors, symbolSize, axisNames: [input.xName, input.yName], fontFamily, ratio };
}

const whenIdle = (callback: () => void): void => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(callback, { timeout: 1000 });
  else setTimeout(callback, 50);
};

export class PaintAhead {
  /** Bumped by every schedule() and dispose(): older work stops at its next step. */
  private generation = 0;
  private scratch: HTMLCanvasElement | null = null;

  constructor(
    private readonly pictures: CanvasPictures,
    private readonly textWidths: TextWidths,
  ) {}

  /** Paints, one per idle period, the pictures of `upcoming` not remembered yet, with every class shown. */
  schedule(upcoming: Promise<readonly ScatterInput[]>, look: ScatterLook): void {
    const generation = ++this.generation;
    void upcoming.then(
      (inputs) => {
        const queue = inputs.filter((input) => !this.pictures.has(pictureKey(input, null, look)));
        const step = (): void => {
          const input = queue.shift();
          if (!input || generation !== this.generation) return;
          this.paint(input, look);
          if (queue.length > 0) whenIdle(step);
        };
        whenIdle(step);
      },
      // A neighbour that fails to load is painted when it is shown, and its error reported then.
      () => undefined,
    );
  }

  /** Stops the work still waiting (the component is going). */
  dispose(): void {
    this.generation++;
  }

  private paint(input: ScatterInput, look: ScatterLook): void {
    const width = Math.round(look.width * look.ratio);
    const height = Math.round(look.height * look.ratio);
    if (width === 0 || height === 0) return;
    const canvas = (this.scratch ??= document.createElement('canvas'));
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return;
    paintLatentScatter(context, context.createImageData(width, height), this.textWidths, scatterPaint(input, null, look));
    this.pictures.store(pictureKey(input, null, look), context.getImageData(0, 0, width, height));
  }
}
