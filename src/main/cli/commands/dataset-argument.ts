/**
 * `--dataset` on the command line: `embedded`, a known IDX name (`mnist`, `fashion-mnist`, `kmnist`,
 * found in the cache or downloaded with --download), or a folder: IDX files inside make it an IDX
 * dataset, class sub-folders of PNGs an image-folder dataset (size from --image-size).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { IDX_DATASET_NAMES, type DatasetSpec, type IdxDatasetName } from '../../../shared/dataset';
import { CliUsageError } from '../cli-usage-error';

function parseImageSize(raw: string | undefined): { height: number; width: number } {
  if (raw === undefined) return { height: 28, width: 28 };
  const match = /^(\d+)x(\d+)$/.exec(raw);
  if (!match) throw new CliUsageError(`--image-size must look like 28x28 (height x width), got "${raw}"`);
  return { height: Number(match[1]), width: Number(match[2]) };
}

export function datasetFromArgument(raw: string, options: { download: boolean; imageSize?: string; color?: string }): DatasetSpec {
  if (raw === 'embedded' || raw === 'embedded-mnist') return { source: 'embedded-mnist' };
  if ((IDX_DATASET_NAMES as readonly string[]).includes(raw)) return { source: 'idx', name: raw as IdxDatasetName, download: options.download };
  const folder = resolve(raw);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CliUsageError(`--dataset "${raw}" is neither embedded, ${IDX_DATASET_NAMES.join(', ')}, nor an existing folder`);
  }
  const entries = readdirSync(folder);
  if (entries.some((name) => /idx3-ubyte(\.gz)?$/.test(name))) {
    const lower = folder.toLowerCase();
    const name = lower.includes('fashion') ? 'fashion-mnist' : lower.includes('kmnist') ? 'kmnist' : 'mnist';
    return { source: 'idx', name, folder };
  }
  const color = options.color ?? 'grayscale';
  if (color !== 'grayscale' && color !== 'rgb') throw new CliUsageError(`--color must be grayscale or rgb, got "${color}"`);
  return { source: 'image-folder', folder, ...parseImageSize(options.imageSize), color };
}
