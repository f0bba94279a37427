/** Where the headless host keeps its data when no --data-dir is given. */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DATA_DIR_ENV = 'VAE_WORKBENCH_DATA_DIR';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return fromEnv;
  const base = env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
  return join(base, 'vae-workbench');
}
