/**
 * Which host processes (the app, `serve`, a CLI `train`) are using a data folder. Each registers a
 * file named after its pid; a file whose process is gone is a host that died. Start-up recovery
 * (marking 'running' runs 'interrupted') is only safe when no other host is alive: otherwise those
 * runs may be training right now in that other process.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A dead host's file is tidied away when possible; in a read-only folder it is simply left. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    /* read-only folder */
  }
}

export class HostRegistry {
  private readonly folder: string;
  private readonly own: string;

  constructor(dataDir: string, private readonly pid: number = process.pid) {
    this.folder = join(dataDir, 'hosts');
    this.own = join(this.folder, `${pid}.pid`);
  }

  register(kind: string): void {
    mkdirSync(this.folder, { recursive: true });
    writeFileSync(this.own, `${JSON.stringify({ pid: this.pid, kind, since: Date.now() })}\n`);
  }

  unregister(): void {
    rmSync(this.own, { force: true });
  }

  /** Pids of other hosts on this folder that are still running; files of dead ones are removed. */
  otherLiveHosts(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return [];
    }
    const live: number[] = [];
    for (const name of names) {
      const pid = Number(name.replace(/\.pid$/, ''));
      if (!Number.isInteger(pid) || pid === this.pid) continue;
      if (alive(pid)) live.push(pid);
      else removeQuietly(join(this.folder, name));
    }
    return live;
  }
}
