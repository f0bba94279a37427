/** The New run form's gradient SNR field: off by default, sent when the model can measure it, forced off where it cannot. */
import { describe, expect, it } from 'vitest';
import { parseRunConfig, PRESETS } from '../../../../../src/shared/config';
import { formFromConfig, isFieldVisible } from '../../../../../src/renderer/src/views/new-run/config-form';
import { configFromForm } from '../../../../../src/renderer/src/views/new-run/form-to-config';

describe('gradient SNR field', () => {
  it('starts at 0 (off), and a value typed in reaches the config', () => {
    const base = PRESETS['mnist-vae'].config;
    const form = formFromConfig(base);
    expect(form.gradientSnrEvery).toBe('0');
    expect(isFieldVisible(form, 'gradientSnrEvery')).toBe(true);
    const config = parseRunConfig(configFromForm({ ...form, gradientSnrEvery: '100' }, base));
    expect(config.diagnostics).toEqual({ gradientSnrEvery: 100, gradientSnrEstimates: 8 });
  });

  it('is hidden and sent as off for a VQ-VAE or an IWAE objective', () => {
    for (const preset of ['vq-vae', 'iwae'] as const) {
      const base = PRESETS[preset].config;
      const form = { ...formFromConfig(base), gradientSnrEvery: '100' };
      expect(isFieldVisible(form, 'gradientSnrEvery')).toBe(false);
      expect(parseRunConfig(configFromForm(form, base)).diagnostics.gradientSnrEvery).toBe(0);
    }
  });
});
