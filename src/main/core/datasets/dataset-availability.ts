/**
 * Checks a dataset spec before a run is created, so a run that cannot get its data is refused with
 * a useful message instead of failing at step 0 with a download error. Files are looked for where
 * the worker will look (the spec's folder, else the cache); a download is judged possible when the
 * dataset's server answers a HEAD request for one of its files.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetAvailability, DatasetChoiceAvailability } from '../../../shared/dataset-availability';
import { IDX_DATASET_NAMES, type DatasetSpec } from '../../../shared/dataset';
import { IDX_CATALOG, IDX_FILE_NAMES, IDX_FILE_ROLES } from '../../../shared/idx-catalog';

/** True when the URL's server answers at all (any HTTP status): the network and the host are there. */
export type UrlProbe = (url: string) => Promise<boolean>;

export function httpProbe(timeoutMs = 4000): UrlProbe {
  return async (url) => {
    try {
      await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
      return true;
    } catch {
      return false;
    }
  };
}

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The IDX files missing from a folder (each may be raw or .gz), as file names. */
function missingIdxFiles(folder: string): string[] {
  return IDX_FILE_ROLES.map((role) => IDX_FILE_NAMES[role]).filter((name) => !existsSync(join(folder, name)) && !existsSync(join(folder, `${name}.gz`)));
}

export async function datasetAvailability(spec: DatasetSpec, cacheDir: string, probe: UrlProbe): Promise<DatasetAvailability> {
  switch (spec.source) {
    case 'embedded-mnist':
      return { state: 'cached', detail: 'the 10,000 MNIST digits that ship with the app' };
    case 'image-folder':
      return isFolder(spec.folder) ? { state: 'cached', detail: `the images in ${spec.folder}` } : { state: 'unavailable', detail: `the image folder ${spec.folder} does not exist` };
    case 'idx': {
      const entry = IDX_CATALOG[spec.name];
      if (spec.folder !== undefined) {
        if (!isFolder(spec.folder)) return { state: 'unavailable', detail: `the folder ${spec.folder} does not exist` };
        const missing = missingIdxFiles(spec.folder);
        return missing.length === 0 ? { state: 'cached', detail: `the IDX files in ${spec.folder}` } : { state: 'unavailable', detail: `${spec.folder} lacks ${missing.join(', ')} (raw or .gz)` };
      }
      const cached = join(spec.cacheDir ?? cacheDir, spec.name);
      if (isFolder(cached) && missingIdxFiles(cached).length === 0) return { state: 'cached', detail: `${entry.title} in the cache (${cached})` };
      if (entry.download === null) return { state: 'unavailable', detail: `${entry.title} is not in the cache and has no pinned download; get its files from ${entry.homepage}` };
      if (spec.download !== true) return { state: 'unavailable', detail: `${entry.title} is not in the cache (${cached}) and downloading is off (allow it with --download, or "Download if missing" in the New run form)` };
      const url = `${entry.download.baseUrl}${IDX_FILE_NAMES.testLabels}.gz`;
      if (await probe(url)) return { state: 'downloadable', detail: `${entry.title} will be downloaded from ${new URL(url).host} and verified` };
      return { state: 'unavailable', detail: `${entry.title} is not in the cache and ${new URL(url).host} cannot be reached (offline?)` };
    }
  }
}

/** Every dataset the New run form offers by name, downloads allowed. */
export function datasetChoices(cacheDir: string, probe: UrlProbe): Promise<DatasetChoiceAvailability[]> {
  const embedded = datasetAvailability({ source: 'embedded-mnist' }, cacheDir, probe).then((a) => ({ choice: 'embedded-mnist' as const, ...a }));
  const named = IDX_DATASET_NAMES.map((name) => datasetAvailability({ source: 'idx', name, download: true }, cacheDir, probe).then((a) => ({ choice: name, ...a })));
  return Promise.all([embedded, ...named]);
}

/** The refusal for a run whose dataset cannot be had, offering the digits that ship with the app. */
export function unavailableMessage(spec: DatasetSpec, availability: DatasetAvailability): string {
  const name = spec.source === 'idx' ? spec.name : spec.source === 'image-folder' ? spec.folder : 'embedded';
  return (
    `dataset "${name}" is not available: ${availability.detail}. ` +
    'Train on the 10,000 MNIST digits that ship with the app instead: --dataset embedded on the command line, ' +
    '"MNIST, embedded" in the New run form.'
  );
}
