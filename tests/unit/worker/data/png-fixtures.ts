/** Writes PNG files with pngjs for the image-folder tests. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PNG } from 'pngjs';

export type Rgba = readonly [number, number, number, number];

/** Writes a width×height PNG whose pixel (x, y) is `pixel(x, y)`; colorType 6 = RGBA, 0 = grayscale. */
export async function writePng(
  file: string,
  width: number,
  height: number,
  pixel: (x: number, y: number) => Rgba,
  colorType: 0 | 2 | 4 | 6 = 6,
): Promise<void> {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) png.data.set(pixel(x, y), (y * width + x) * 4);
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, PNG.sync.write(png, { colorType }));
}

export const solid =
  (rgba: Rgba) =>
  (): Rgba =>
    rgba;
