export function buildIsFresh(root: string): boolean;
export function ensureBuild(root: string, log?: (line: string) => void): boolean;
