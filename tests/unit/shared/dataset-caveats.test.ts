import { describe, expect, it } from 'vitest';
import { datasetCaveat } from '../../../src/shared/dataset-caveats';

describe('dataset caveats', () => {
  it('say the embedded digits are MNIST’s test set, and nothing for full MNIST', () => {
    expect(datasetCaveat('mnist-embedded')).toContain('10,000 images of MNIST’s test set');
    expect(datasetCaveat('mnist-embedded-subset')).not.toBeNull();
    expect(datasetCaveat('mnist')).toBeNull();
    expect(datasetCaveat(null)).toBeNull();
  });
});
