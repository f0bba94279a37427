/**
 * An image grid's pixels as a lossless PNG, base64: grey or RGB and never an alpha channel, which a
 * PDF would carry as a second image (a soft mask). Stored grids and decoded strips both go through it.
 */
import { PNG } from 'pngjs';
import type { ImageGrid } from '../../../shared/training-report';

export function gridPng(grid: Pick<ImageGrid, 'width' | 'height' | 'channels' | 'pixels'>): string {
  const png = new PNG({ width: grid.width, height: grid.height });
  const { pixels, channels } = grid;
  for (let i = 0; i < grid.width * grid.height; i++) {
    const [r, g, b] = channels === 3 ? [pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]] : [pixels[i], pixels[i], pixels[i]];
    png.data.set([r ?? 0, g ?? 0, b ?? 0, 255], 4 * i);
  }
  return PNG.sync.write(png, { colorType: channels === 3 ? 2 : 0 }).toString('base64');
}
