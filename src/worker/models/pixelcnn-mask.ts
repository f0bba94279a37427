/**
 * Masks of a PixelCNN's causal convolutions (van den Oord et al. 2016, "Pixel Recurrent Neural
 * Networks", §3.4), with colour: the image is generated in raster order and, within a pixel,
 * channel by channel (R, then G given R, then B given R and G).
 *
 * Every feature channel belongs to one colour group, channel o to group o mod C (C colour
 * channels; the data's own channel c is group c, and an output layer of P·C channels split into P
 * parts of C gives each part's channel c group c). A filter tap [i, j, in, out] is open when the
 * tap lies above the centre row, or on it left of the centre; at the centre itself, type 'A' (the
 * first layer, whose input is the image) opens it only from earlier colours, group(in) < group(out),
 * so a pixel never sees its own value; type 'B' (every later layer, whose inputs already exclude
 * the pixel's own value) also from the same colour, group(in) ≤ group(out), so a feature can see
 * what the layer below computed at its own position. For grayscale (C = 1): A closes the centre,
 * B opens it.
 */
export type MaskType = 'A' | 'B';

/** Colour group of a feature channel among `colours` colour channels. */
export function colourGroup(channel: number, colours: number): number {
  return channel % colours;
}

/** The mask [kernel, kernel, inChannels, outChannels] flattened row-major (tf's filter layout). */
export function causalMaskValues(kernel: number, inChannels: number, outChannels: number, colours: number, type: MaskType): Float32Array {
  if (kernel % 2 !== 1) throw new RangeError(`a causal mask needs an odd kernel size, got ${kernel}`);
  const centre = (kernel - 1) / 2;
  const values = new Float32Array(kernel * kernel * inChannels * outChannels);
  for (let i = 0; i <= centre; i++) {
    for (let j = 0; j < kernel; j++) {
      const base = (i * kernel + j) * inChannels * outChannels;
      if (i < centre || (i === centre && j < centre)) {
        values.fill(1, base, base + inChannels * outChannels);
      } else if (i === centre && j === centre) {
        for (let c = 0; c < inChannels; c++) {
          for (let o = 0; o < outChannels; o++) {
            const from = colourGroup(c, colours);
            const to = colourGroup(o, colours);
            if (type === 'A' ? from < to : from <= to) values[base + c * outChannels + o] = 1;
          }
        }
      }
    }
  }
  return values;
}
