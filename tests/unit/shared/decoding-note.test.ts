import { describe, expect, it } from 'vitest';
import { parseRunConfig, PRESETS } from '../../../src/shared/config';
import { decodingNote } from '../../../src/shared/decoding-note';

describe('decodingNote', () => {
  it('says nothing for a factorized decoder (its images are means)', () => {
    expect(decodingNote(PRESETS['mnist-vae'].config.model)).toBeNull();
    expect(decodingNote(null)).toBeNull();
  });

  it('says a PixelCNN decodes pixel by pixel, and whether it samples or takes the most likely value', () => {
    expect(decodingNote(PRESETS['pixelcnn-vae'].config.model)).toMatch(/pixel by pixel.*drawn from p\(xᵢ \| x<ᵢ, z\)/);
    const mostLikely = parseRunConfig({ model: { decoder: 'pixelcnn', pixelcnn: { decoding: 'most-likely' } } }).model;
    expect(decodingNote(mostLikely)).toMatch(/pixel by pixel.*most likely value/);
  });
});
