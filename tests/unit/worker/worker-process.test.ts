import { fork } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { WorkerToHostMessage } from '../../../src/shared/worker-protocol';
import { builtFile } from '../../helpers/built-app';

describe('training worker process', () => {
  it('starts under child_process.fork, says ready, answers a ping and shuts down on request', async () => {
    const child = fork(builtFile('main', 'worker.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const messages: WorkerToHostMessage[] = [];
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.on('message', (message: WorkerToHostMessage) => {
        messages.push(message);
        if (message.type === 'ready') child.send({ type: 'ping', nonce: 7 });
        if (message.type === 'pong') resolve();
      });
    });
    child.send({ type: 'shutdown' });
    expect(await exited).toBe(0);
    expect(messages[0]).toMatchObject({ type: 'ready', runtime: 'node-fork', pid: child.pid });
    expect(messages[1]).toEqual({ type: 'pong', nonce: 7 });
  });
});
