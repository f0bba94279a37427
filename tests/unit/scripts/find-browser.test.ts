// How `npm test` finds Chromium, and what it does on a machine without one. A fake system stands in
// for the machine, so the "no browser" path is tested without uninstalling anything.
import { describe, expect, it } from 'vitest';
import { ensureBrowser, findBrowser, INSTALL_ADVICE, type BrowserSystem } from '../../../scripts/lib/find-browser.js';

interface FakeMachine {
  system: BrowserSystem;
  executables: Set<string>;
  commands: string[];
}

function fakeMachine(options: { env?: Record<string, string>; executables?: string[]; root?: boolean; debian?: boolean; installs?: Record<string, string> } = {}): FakeMachine {
  const executables = new Set(options.executables ?? []);
  const commands: string[] = [];
  const system: BrowserSystem = {
    env: { PATH: '/usr/local/bin:/usr/bin', ...options.env },
    isExecutable: (file) => executables.has(file),
    listDir: (folder) => [...executables].filter((file) => file.startsWith(`${folder}/`)).map((file) => file.slice(folder.length + 1).split('/')[0] as string),
    readText: (file) => (file === '/etc/os-release' && options.debian ? 'PRETTY_NAME="Debian GNU/Linux 12"\nID=debian\n' : null),
    isRoot: () => options.root ?? false,
    homedir: () => '/home/user',
    run: (command, args) => {
      const line = [command.endsWith('node') ? 'node' : command, ...args].join(' ');
      commands.push(line);
      if (line === 'apt-get update -qq') return true;
      // A command "installs" a browser when the test says so for a word of its line.
      for (const [word, installed] of Object.entries(options.installs ?? {})) {
        if (line.includes(word)) {
          executables.add(installed);
          return true;
        }
      }
      return false;
    },
  };
  return { system, executables, commands };
}

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, and refuses one that is not an executable', () => {
    const machine = fakeMachine({ env: { CHROMIUM_PATH: '/opt/chrome/chrome' }, executables: ['/opt/chrome/chrome', '/usr/bin/chromium'] });
    expect(findBrowser(machine.system)).toEqual({ path: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
    const wrong = fakeMachine({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, executables: ['/usr/bin/chromium'] });
    expect(() => findBrowser(wrong.system)).toThrow('CHROMIUM_PATH is /nowhere/chrome, which is not an executable file');
  });

  it('finds chromium-browser on PATH (Ubuntu) and Debian\'s /usr/bin/chromium', () => {
    expect(findBrowser(fakeMachine({ executables: ['/usr/local/bin/chromium-browser'] }).system)?.path).toBe('/usr/local/bin/chromium-browser');
    expect(findBrowser(fakeMachine({ env: { PATH: '' }, executables: ['/usr/bin/chromium'] }).system)?.path).toBe('/usr/bin/chromium');
  });

  it("finds the newest build in Playwright's cache", () => {
    const cache = '/home/user/.cache/ms-playwright';
    const machine = fakeMachine({ executables: [`${cache}/chromium-999/chrome-linux/chrome`, `${cache}/chromium-1200/chrome-linux64/chrome`, `${cache}/ffmpeg-1011/ffmpeg`] });
    expect(findBrowser(machine.system)).toEqual({ path: `${cache}/chromium-1200/chrome-linux64/chrome`, source: "Playwright's cache" });
    const custom = fakeMachine({ env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/pw' }, executables: ['/srv/pw/chromium-1200/chrome-linux64/chrome'] });
    expect(findBrowser(custom.system)?.path).toBe('/srv/pw/chromium-1200/chrome-linux64/chrome');
  });

  it('returns null on a machine without a browser', () => {
    expect(findBrowser(fakeMachine({ env: { PATH: '' } }).system)).toBeNull();
  });
});

describe('ensureBrowser on a fresh machine', () => {
  it("installs Debian's chromium when root on Debian, saying so in one line", () => {
    const machine = fakeMachine({ env: { PATH: '' }, root: true, debian: true, installs: { 'install -y -qq chromium': '/usr/bin/chromium' } });
    const said: string[] = [];
    expect(ensureBrowser('/repo', (line) => said.push(line), machine.system)?.path).toBe('/usr/bin/chromium');
    expect(said).toEqual(["No Chromium found: installing Debian's package (apt-get install -y chromium)…"]);
    expect(machine.commands).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium']);
  });

  it("downloads Playwright's Chromium when not root, or when apt fails", () => {
    const installed = '/home/user/.cache/ms-playwright/chromium-1200/chrome-linux64/chrome';
    const machine = fakeMachine({ env: { PATH: '' }, root: true, debian: true, installs: { 'install chromium': installed } });
    const said: string[] = [];
    expect(ensureBrowser('/repo', (line) => said.push(line), machine.system)?.path).toBe(installed);
    expect(machine.commands).toEqual(['apt-get update -qq', 'apt-get install -y -qq chromium', 'node /repo/node_modules/@playwright/test/cli.js install chromium']);
    expect(said.at(-1)).toBe("No Chromium found: downloading Playwright's (playwright install chromium)…");
  });

  it('says in one line what to install when neither works', () => {
    const machine = fakeMachine({ env: { PATH: '' }, root: false, debian: true });
    const said: string[] = [];
    expect(ensureBrowser('/repo', (line) => said.push(line), machine.system)).toBeNull();
    expect(machine.commands).toHaveLength(1);
    expect(said.at(-1)).toBe(INSTALL_ADVICE);
    expect(INSTALL_ADVICE).toMatch(/apt-get install chromium.*playwright install chromium.*CHROMIUM_PATH/);
  });

  it('installs nothing when a browser is there', () => {
    const machine = fakeMachine({ executables: ['/usr/bin/chromium'], root: true, debian: true });
    expect(ensureBrowser('/repo', () => {}, machine.system)?.path).toBe('/usr/bin/chromium');
    expect(machine.commands).toEqual([]);
  });
});
