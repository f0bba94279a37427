export interface BrowserSystem {
  env: Record<string, string | undefined>;
  isExecutable(file: string): boolean;
  listDir(folder: string): string[];
  readText(file: string): string | null;
  isRoot(): boolean;
  homedir(): string;
  run(command: string, args: string[], env?: Record<string, string | undefined>): boolean;
}

export interface FoundBrowser {
  path: string;
  source: string;
}

export function realSystem(): BrowserSystem;
export function findBrowser(system?: BrowserSystem): FoundBrowser | null;
export function ensureBrowser(root: string, say: (line: string) => void, system?: BrowserSystem): FoundBrowser | null;
export const INSTALL_ADVICE: string;
