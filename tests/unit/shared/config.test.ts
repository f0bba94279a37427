import { describe, expect, it } from 'vitest';
import { defaultRunConfig, PRESET_NAMES, PRESETS, runConfigSchema, validateRunConfig } from '../../../src/shared/config';

describe('validateRunConfig', () => {
  it('fills every default from an empty object', () => {
    const config = defaultRunConfig();
    expect(config.model).toMatchObject({ kind: 'vae', architecture: 'mlp', hidden: [400], latentDim: 20, likelihood: 'bernoulli' });
    expect(config.optim).toMatchObject({ lr: 1e-3, batchSize: 128, gradClipNorm: null, logVarClamp: true });
    expect(config.objective.klSchedule).toEqual({ kind: 'constant' });
    expect(config.data.dataset).toEqual({ source: 'embedded-mnist' });
  });

  it('reports every bad field with its own path', () => {
    const result = validateRunConfig({
      model: { latentDim: 0, hidden: [400, -3], likelihood: 'poisson', vq: { codebookSize: 1 } },
      optim: { lr: -1, beta1: 1, batchSize: 2.5, gradClipNorm: 0 },
      objective: { klSchedule: { kind: 'cyclical', cycleSteps: 0, rampFraction: 2 }, freeBits: -1 },
      eval: { latentPoints: 5000 },
      backend: 'tpu',
      seed: -4,
      data: { binarization: 'sometimes', dataset: { source: 'idx', name: 'cifar' } },
      surprise: true,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'model.latentDim',
        'model.hidden.1',
        'model.likelihood',
        'model.vq.codebookSize',
        'optim.lr',
        'optim.beta1',
        'optim.batchSize',
        'optim.gradClipNorm',
        'objective.klSchedule.cycleSteps',
        'objective.klSchedule.rampFraction',
        'objective.freeBits',
        'eval.latentPoints',
        'backend',
        'seed',
        'data.binarization',
        'data.dataset.name',
        'surprise',
      ]),
    );
    expect(result.issues.find((i) => i.path === 'optim.lr')?.message).toMatch(/lr must be > 0/);
    expect(result.issues.find((i) => i.path === 'surprise')?.message).toMatch(/unknown field/);
  });

  it('reports rules between fields once the fields themselves are valid', () => {
    const result = validateRunConfig({
      model: { kind: 'vq-vae', likelihood: 'bernoulli', architecture: 'conv', hidden: [64] },
      objective: { kind: 'iwae', beta: 2 },
      data: { dequantize: true, binarization: 'dynamic' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const paths = result.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['objective.kind', 'objective.beta', 'data.dequantize', 'model.hidden']));
  });

  it('the PixelCNN stack defaults to 3×3 layers without residuals (stored runs keep their model) and refuses an even or huge kernel', () => {
    expect(defaultRunConfig().model.pixelcnn).toMatchObject({ hiddenKernel: 3, residual: false });
    for (const hiddenKernel of [4, 9, 2.5]) {
      const result = validateRunConfig({ model: { decoder: 'pixelcnn', pixelcnn: { hiddenKernel } } });
      expect(result.ok, `hiddenKernel ${hiddenKernel}`).toBe(false);
      if (!result.ok) expect(result.issues.map((i) => i.path)).toEqual(['model.pixelcnn.hiddenKernel']);
    }
    const residual = validateRunConfig({ model: { decoder: 'pixelcnn', pixelcnn: { hiddenKernel: 5, residual: true } } });
    expect(residual.ok && residual.config.model.pixelcnn).toMatchObject({ hiddenKernel: 5, residual: true });
  });

  it('accepts a full valid config unchanged', () => {
    const input = runConfigSchema.parse({ model: { latentDim: 8 }, seed: 3 });
    const again = validateRunConfig(JSON.parse(JSON.stringify(input)));
    expect(again).toEqual({ ok: true, config: input });
  });
});

describe('PRESETS', () => {
  it.each(PRESET_NAMES)('%s validates', (name) => {
    const preset = PRESETS[name];
    expect(preset.name).toBe(name);
    expect(validateRunConfig(preset.config)).toEqual({ ok: true, config: preset.config });
  });

  it('mnist-vae is the PyTorch example', () => {
    const { model, optim, data } = PRESETS['mnist-vae'].config;
    expect(model).toMatchObject({ architecture: 'mlp', hidden: [400], latentDim: 20, likelihood: 'bernoulli' });
    expect(optim).toMatchObject({ lr: 1e-3, batchSize: 128 });
    expect(data.dataset).toMatchObject({ source: 'idx', name: 'mnist' });
  });

  it('mnist-2d has a 2-D latent space and the others differ where their names say', () => {
    expect(PRESETS['mnist-2d'].config.model.latentDim).toBe(2);
    expect(PRESETS['iwae'].config.objective.kind).toBe('iwae');
    expect(PRESETS['vq-vae'].config.model.kind).toBe('vq-vae');
    expect(PRESETS['conv-vae'].config.model.architecture).toBe('conv');
    expect(PRESETS['beta-vae'].config.objective.beta).toBeGreaterThan(1);
  });
});
