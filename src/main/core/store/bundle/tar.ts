/**
 * A minimal ustar writer and reader for the bundle: regular files only, names under 100 bytes (the
 * bundle names its entries itself), sizes up to 8 GiB. Enough for `tar tzf bundle.vaebundle` to list
 * it; the reader checks every header checksum and refuses truncated archives.
 */

const BLOCK = 512;

export interface TarEntry {
  name: string;
  data: Buffer;
}

export function writeTar(entries: readonly TarEntry[], mtimeSeconds: number): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry.name, entry.data.length, mtimeSeconds), entry.data);
    const padding = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  for (;;) {
    if (offset + BLOCK > archive.length) throw new Error('the archive ends in the middle of a header (truncated)');
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) return entries;
    const expected = octal(block, 148, 8, 'checksum');
    if (checksum(block) !== expected) throw new Error(`tar header at byte ${offset} has a bad checksum (corrupt)`);
    const type = String.fromCharCode(block[156] ?? 0);
    if (type !== '0' && type !== '\0') throw new Error(`tar entry at byte ${offset} is not a regular file (type ${JSON.stringify(type)})`);
    const name = text(block, 0, 100);
    const size = octal(block, 124, 12, 'size');
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new Error(`tar entry ${name} is cut short (truncated)`);
    entries.push({ name, data: archive.subarray(start, start + size) });
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function header(name: string, size: number, mtimeSeconds: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar entry name too long: ${name}`);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.floor(mtimeSeconds));
  block.fill(0x20, 148, 156);
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'binary');
  const sum = checksum(block);
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'binary');
  return block;
}

/** Sum of the header bytes with the checksum field read as spaces (POSIX ustar). */
function checksum(block: Buffer): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 0x20 : (block[index] as number);
  return sum;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar field too small for ${value}`);
  block.write(`${digits.padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}

function octal(block: Buffer, offset: number, length: number, field: string): number {
  const raw = text(block, offset, length).trim();
  if (!/^[0-7]+$/.test(raw)) throw new Error(`tar header field ${field} is not octal (corrupt)`);
  return Number.parseInt(raw, 8);
}

function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}
