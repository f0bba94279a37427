/** A file the host produced (exportRun) as a Blob for the browser's download path. Pure. */
import type { ExportedFile } from '../../../shared/api';
import { base64ToBytes } from '../lib/image-payload';

export function exportedFileToBlob(file: ExportedFile): Blob {
  if (file.text !== undefined) return new Blob([file.text], { type: file.mediaType });
  if (file.base64 !== undefined) return new Blob([base64ToBytes(file.base64)], { type: file.mediaType });
  throw new Error(`the host's export "${file.filename}" has neither text nor bytes`);
}
