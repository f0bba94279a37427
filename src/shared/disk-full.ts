/**
 * A full disk, however it shows itself: ENOSPC / EDQUOT from a file write (the worker's checkpoints),
 * SQLITE_FULL from the run store. Both sides name it the same way, "disk full", so a run's reason
 * says what to do (free space, then resume) instead of quoting an errno.
 */
import { messageOf } from './errors';

export const DISK_FULL = 'disk full';

const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const DISK_FULL_TEXT = /disk full|no space left on device|ENOSPC|EDQUOT|SQLITE_FULL|database or disk is full|quota exceeded/i;

export function isDiskFullError(error: unknown): boolean {
  if (typeof error === 'object' && error !== null && 'code' in error && DISK_FULL_CODES.has(String(error.code))) return true;
  return DISK_FULL_TEXT.test(messageOf(error));
}

/** True for a reason or diagnosis that came from a full disk. */
export function mentionsDiskFull(text: string): boolean {
  return DISK_FULL_TEXT.test(text);
}
