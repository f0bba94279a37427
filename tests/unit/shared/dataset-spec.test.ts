import { describe, expect, it } from 'vitest';
import { type DatasetSpec, datasetSpecSchema } from '../../../src/shared/dataset';

/** The issues of a failed parse as "path: message" lines. */
function issues(input: unknown): string[] {
  const result = datasetSpecSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('datasetSpecSchema', () => {
  it('accepts each source', () => {
    const specs: DatasetSpec[] = [
      { source: 'embedded-mnist' },
      { source: 'idx', name: 'fashion-mnist' },
      { source: 'idx', name: 'kmnist', folder: '/data/kmnist', download: false, cacheDir: '/cache' },
      { source: 'image-folder', folder: 'faces', height: 32, width: 32, color: 'rgb', testFraction: 0.2 },
      { source: 'image-folder', folder: 'faces', height: 0, width: 0, color: 'grayscale' },
    ];
    for (const spec of specs) expect(datasetSpecSchema.parse(spec)).toEqual(spec);
  });

  it('names an unknown source', () => {
    expect(issues({ source: 'csv' })).toEqual(['source: source must be "embedded-mnist", "idx" or "image-folder"']);
  });

  it('names each bad IDX field', () => {
    expect(issues({ source: 'idx', name: 'cifar10' })).toEqual(['name: name must be one of mnist, fashion-mnist, kmnist']);
    expect(issues({ source: 'idx', name: 'mnist', folder: '  ' })).toEqual(['folder: folder must not be empty']);
    expect(issues({ source: 'idx', name: 'mnist', download: 'yes' })).toEqual(['download: download must be true or false']);
    expect(issues({ source: 'idx', name: 'mnist', cacheDir: 3 })).toEqual(['cacheDir: cacheDir must be a folder path (a string)']);
  });

  it('names each bad image-folder field', () => {
    const base = { source: 'image-folder', folder: 'x', height: 28, width: 28, color: 'grayscale' };
    expect(issues({ ...base, folder: undefined })).toEqual(['folder: folder must be a folder path (a string)']);
    expect(issues({ ...base, height: -1 })).toEqual(['height: height must be 0 (native size) or a positive number of pixels']);
    expect(issues({ ...base, width: 2.5 })).toEqual(['width: width must be a whole number of pixels']);
    expect(issues({ ...base, width: 5000 })).toEqual(['width: width must be at most 1024 pixels']);
    expect(issues({ ...base, color: 'cmyk' })).toEqual(['color: color must be "grayscale" or "rgb"']);
    expect(issues({ ...base, testFraction: 1 })).toEqual(['testFraction: testFraction must be at most 0.9 (the training set needs most images)']);
    expect(issues({ ...base, testFraction: -0.1 })).toEqual(['testFraction: testFraction must be at least 0']);
    expect(issues({ ...base, height: 0 })).toEqual(['height: height and width must both be 0 (keep the native size) or both be positive']);
  });

  it('rejects unknown keys, which are usually typos', () => {
    expect(issues({ source: 'idx', name: 'mnist', foldr: '/data' })[0]).toMatch(/foldr/);
  });
});
