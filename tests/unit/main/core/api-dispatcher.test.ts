import { describe, expect, it } from 'vitest';
import { dispatch, type ApiHandlers } from '../../../../src/main/core/api-dispatcher';
import { WorkbenchError } from '../../../../src/shared/errors';

const health = {
  app: 'vae-workbench' as const,
  version: '1.2.3',
  host: 'headless' as const,
  node: '20',
  electron: null,
  platform: 'linux-x64',
  dataDir: '/tmp/x',
  uptimeSeconds: 1,
};

// Only `health` is exercised; the other handlers are never reached by these calls.
const withHealth = (health: () => Promise<unknown>) => ({ health }) as unknown as ApiHandlers;
const handlers = withHealth(async () => health);

describe('dispatch', () => {
  it('runs a valid call and wraps the result', async () => {
    expect(await dispatch(handlers, 'health', undefined)).toEqual({ ok: true, value: health });
    expect(await dispatch(handlers, 'health', {})).toEqual({ ok: true, value: health });
  });

  it('rejects unknown methods and prototype keys with BAD_REQUEST', async () => {
    for (const method of ['nope', 'toString', '__proto__', 42, null, undefined]) {
      const response = await dispatch(handlers, method, undefined);
      expect(response.ok).toBe(false);
      if (!response.ok) expect(response.error.code).toBe('BAD_REQUEST');
    }
  });

  it('rejects invalid params with one issue per field', async () => {
    const response = await dispatch(handlers, 'health', { surprise: 1 });
    expect(response.ok).toBe(false);
    if (!response.ok) {
      expect(response.error.code).toBe('BAD_REQUEST');
      expect(response.error.issues?.length).toBe(1);
      expect(response.error.message).toContain('surprise');
    }
  });

  it('turns handler failures into typed errors without throwing', async () => {
    const failing = withHealth(async () => {
      throw new WorkbenchError({ code: 'NOT_FOUND', message: 'gone' });
    });
    expect(await dispatch(failing, 'health', undefined)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    const crashing = withHealth(async () => {
      throw new TypeError('boom');
    });
    expect(await dispatch(crashing, 'health', undefined)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom' } });
  });
});
