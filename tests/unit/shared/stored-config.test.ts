import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/shared/config';
import { parseStoredRunConfig } from '../../../src/shared/stored-config';
import { checkpointManifestSchema } from '../../../src/worker/checkpoint/format';

describe('configs stored before the validation split', () => {
  it('read as trained on the whole training set, while new configs keep their fraction', () => {
    expect(parseStoredRunConfig({ model: { latentDim: 4 } }).data.validationFraction).toBe(0);
    expect(parseStoredRunConfig({ data: { binarization: 'static' } }).data.validationFraction).toBe(0);
    expect(parseStoredRunConfig(parseRunConfig({})).data.validationFraction).toBeCloseTo(1 / 12, 12);
    expect(parseStoredRunConfig({ data: { validationFraction: 0.2 } }).data.validationFraction).toBe(0.2);
  });

  it('so a checkpoint written before it resumes under the same split its run had', () => {
    const legacy = JSON.parse(JSON.stringify(parseRunConfig({}))) as { data: Record<string, unknown> };
    delete legacy.data['validationFraction'];
    const parsed = checkpointManifestSchema.shape.config.parse(legacy);
    expect(parsed.data.validationFraction).toBe(0);
  });
});
