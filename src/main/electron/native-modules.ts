/**
 * better-sqlite3 is a native module: the copy npm built targets Node's ABI (CLI, tests), and
 * Electron needs one built against its own. `npm start` builds that second copy into
 * native/electron/ (scripts/lib/electron-sqlite.js) and the app passes it as `nativeBinding`.
 */
import { app } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function electronSqliteBinding(): string {
  const binding = join(app.getAppPath(), 'native', 'electron', `better_sqlite3-electron-${process.versions.electron}.node`);
  if (!existsSync(binding)) {
    throw new Error(`${binding} is missing: run \`npm start\` (it builds better-sqlite3 for Electron ${process.versions.electron}) or \`node scripts/lib/electron-sqlite.js\``);
  }
  return binding;
}
