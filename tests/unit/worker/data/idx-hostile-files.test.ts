/**
 * IDX files that would hang or swamp the worker: a FIFO (reading it blocks forever), a symlink to
 * /dev/zero (endless bytes), a file far larger than its header promises, raw or gzipped. Each is
 * refused before the data is read, with a message naming the file.
 */
import { execFileSync } from 'node:child_process';
import { rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadIdxFolder } from '../../../../src/worker/data/idx';
import { dataErrorOf as refusal } from './data-errors';
import { FILE_NAMES, tempFolderPerTest, tinyIdxSet, writeIdxSet } from './idx-fixtures';

let dir = '';
tempFolderPerTest('idx-hostile', async (created) => {
  dir = created;
  await writeIdxSet(dir, tinyIdxSet(), false);
});

describe('IDX files that are not what their name says', () => {
  it('refuses a FIFO named like an IDX file instead of hanging on it', async () => {
    const file = path.join(dir, FILE_NAMES.trainLabels);
    await rm(file);
    execFileSync('mkfifo', [file]);
    const error = await refusal(loadIdxFolder(dir, 'mnist'));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is a FIFO \(named pipe\), not a regular file/);
  });

  it('refuses a symlink to /dev/zero instead of reading it forever', async () => {
    const file = path.join(dir, FILE_NAMES.trainImages);
    await rm(file);
    await symlink('/dev/zero', file);
    const error = await refusal(loadIdxFolder(dir, 'mnist'));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/is a character device, not a regular file/);
  });

  it('refuses a raw file far larger than its header promises without reading it', async () => {
    const set = tinyIdxSet();
    const file = path.join(dir, FILE_NAMES.trainLabels);
    await writeFile(file, Buffer.concat([set.trainLabels, Buffer.alloc(3 * 2 ** 20)]));
    const error = await refusal(loadIdxFolder(dir, 'mnist'));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/more than 1\.0 MiB of unexpected bytes after the 20 bytes the header announces/);
  });

  it('stops inflating a gzipped file once it passes what its header promises (a gzip bomb)', async () => {
    const set = tinyIdxSet();
    const file = path.join(dir, FILE_NAMES.trainLabels);
    await rm(file);
    const bomb = `${file}.gz`;
    await writeFile(bomb, gzipSync(Buffer.concat([set.trainLabels, Buffer.alloc(64 * 2 ** 20)])));
    const error = await refusal(loadIdxFolder(dir, 'mnist'));
    expect(error.message).toContain(bomb);
    expect(error.message).toMatch(/unexpected bytes after the 20 bytes the header announces/);
  });
});
