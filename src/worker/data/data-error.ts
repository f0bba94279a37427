/**
 * Bad or missing data. The message always names the file or folder at fault, because the person
 * reading it has to go and fix that file; `path` carries it for callers that want it separately.
 */
export class DataError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'DataError';
    this.path = path;
  }
}
