import { describe, expect, it } from 'vitest';
import { defaultRunConfig, PRESET_NAMES, PRESETS, validateRunConfig } from '../../../../../src/shared/config';
import { formFromConfig, isFieldVisible } from '../../../../../src/renderer/src/views/new-run/config-form';
import { sortIssues } from '../../../../../src/renderer/src/views/new-run/form-issues';
import { configFromForm, parseHidden } from '../../../../../src/renderer/src/views/new-run/form-to-config';

describe('the New run form model', () => {
  it.each(PRESET_NAMES)('round-trips the %s preset exactly', (name) => {
    const config = PRESETS[name].config;
    const validation = validateRunConfig(configFromForm(formFromConfig(config), config));
    expect(validation).toEqual({ ok: true, config });
  });

  it('defaults to the embedded MNIST digits', () => {
    const form = formFromConfig(defaultRunConfig());
    expect(form.datasetSource).toBe('embedded-mnist');
    expect(isFieldVisible(form, 'idxName')).toBe(false);
  });

  it('applies edits, including a switch of dataset and schedule', () => {
    const base = PRESETS['mnist-2d'].config;
    const form = { ...formFromConfig(base), datasetSource: 'embedded-mnist' as const, epochs: ' 2 ', lr: '3e-4', schedule: 'linear' as const, warmupSteps: '500', gradClipNorm: '5' };
    const validation = validateRunConfig(configFromForm(form, base));
    expect(validation.ok).toBe(true);
    if (!validation.ok) return;
    expect(validation.config.data.dataset).toEqual({ source: 'embedded-mnist' });
    expect(validation.config.optim).toMatchObject({ epochs: 2, lr: 3e-4, gradClipNorm: 5 });
    expect(validation.config.objective.klSchedule).toEqual({ kind: 'linear', warmupSteps: 500 });
    expect(validation.config.model.latentDim).toBe(2);
  });

  it('lets the validator name bad text, and puts each issue under its field', () => {
    const base = defaultRunConfig();
    const form = { ...formFromConfig(base), lr: 'fast', hidden: '400, -3', latentDim: '' , seed: '1.5' };
    const validation = validateRunConfig(configFromForm(form, base));
    expect(validation.ok).toBe(false);
    if (validation.ok) return;
    const sorted = sortIssues(validation.issues, form);
    expect(sorted.byField.lr).toEqual(['lr must be a number']);
    expect(sorted.byField.hidden).toEqual(['each hidden width must be at least 1']);
    expect(sorted.byField.latentDim).toEqual(['latentDim must be a number']);
    expect(sorted.byField.seed).toEqual(['seed must be a whole number']);
    expect(sorted.other).toEqual([]);
  });

  it('routes cross-field rules and unknown paths', () => {
    const form = { ...formFromConfig(defaultRunConfig()), objectiveKind: 'iwae' as const, modelKind: 'vq-vae' as const };
    const sorted = sortIssues(
      [
        { path: 'objective.kind', message: 'a VQ-VAE has a deterministic encoder' },
        { path: 'objective.klSchedule.warmupSteps', message: 'hidden field' },
        { path: '(config)', message: 'whole config' },
      ],
      form,
    );
    expect(sorted.byField.objectiveKind).toEqual(['a VQ-VAE has a deterministic encoder']);
    // The schedule is hidden for a VQ-VAE, so its issue is listed above the form with its path.
    expect(sorted.other.map((issue) => issue.path)).toEqual(['objective.klSchedule.warmupSteps', '(config)']);
  });

  it('parses hidden widths typed with commas or spaces', () => {
    expect(parseHidden('512, 256 128,')).toEqual([512, 256, 128]);
    expect(parseHidden('  ')).toEqual([]);
    expect(parseHidden('64 wide')).toEqual([64, 'wide']);
  });
});
