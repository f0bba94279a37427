/**
 * What the images of a run's decoder are, in one sentence for the screens that show them: a
 * factorized decoder's images are its means; an autoregressive decoder's are decoded pixel by
 * pixel, either drawn or at each pixel's most likely value, and the screen must say which.
 */
import type { ModelConfig } from './config';

export function decodingNote(model: Pick<ModelConfig, 'decoder' | 'pixelcnn'> | null | undefined): string | null {
  if (!model || model.decoder !== 'pixelcnn') return null;
  const how =
    model.pixelcnn.decoding === 'sample'
      ? 'each pixel drawn from p(xᵢ | x<ᵢ, z), with the same draws for every z so images change with z, not with noise'
      : 'each pixel at its most likely value given z and the pixels before it';
  return `Images are decoded pixel by pixel by the autoregressive (PixelCNN) decoder: ${how}. Reconstructions and samples are such decodes, not decoder means.`;
}
