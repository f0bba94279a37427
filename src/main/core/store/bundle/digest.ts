/** SHA-256 (hex) of a bundle entry, recorded on export and checked on import. */
import { createHash } from 'node:crypto';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
