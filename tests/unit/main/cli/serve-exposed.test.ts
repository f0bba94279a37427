import { describe, expect, it } from 'vitest';
import { spawnHost } from '../../../helpers/spawned-host';

describe('serve on a non-loopback address', () => {
  it('says plainly that the token travels in clear text and suggests an SSH tunnel', async () => {
    const host = await spawnHost({ args: ['--host', '0.0.0.0'] });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(host.output()).toMatch(/token travels in clear text/);
      expect(host.output()).toMatch(/ssh -L \d+:127\.0\.0\.1:\d+/);
    } finally {
      await host.stop();
    }
  });

  it('says nothing of the sort on loopback', async () => {
    const host = await spawnHost();
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(host.output()).not.toMatch(/clear text/);
    } finally {
      await host.stop();
    }
  });
});
