/** Keeps the last N lines of a stream, for failure reports. */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly limit: number) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + chunk.toString();
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      this.lines.push(line);
      if (this.lines.length > this.limit) this.lines.shift();
    }
  }

  snapshot(): string[] {
    return this.partial.trim() === '' ? [...this.lines] : [...this.lines, this.partial].slice(-this.limit);
  }
}
