import { describe, expect, it } from 'vitest';
import { hiddenSizesHint } from '../../../../../src/renderer/src/views/new-run/hidden-sizes-hint';

describe('the hidden sizes hint', () => {
  it('describes the value typed, never an example that contradicts it', () => {
    const hint = hiddenSizesHint('mlp', '400', '20');
    expect(hint).toBe('Encoder: input → 400 → z (20); the decoder mirrors it');
    expect(hint).not.toContain('512');
    expect(hiddenSizesHint('mlp', '512, 256', '10')).toBe('Encoder: input → 512 → 256 → z (10); the decoder mirrors it');
  });

  it('reads conv stages and the dense width', () => {
    expect(hiddenSizesHint('conv', '16, 32, 256', '16')).toBe('2 conv stages (16, 32 channels), dense 256 → z (16); the decoder mirrors it');
  });

  it('explains the format while the value is not (yet) a list of widths', () => {
    expect(hiddenSizesHint('mlp', '400, x', '20')).toBe('Encoder layer widths, comma-separated; the decoder mirrors them');
    expect(hiddenSizesHint('conv', '64', '20')).toContain('then one dense width');
  });
});
