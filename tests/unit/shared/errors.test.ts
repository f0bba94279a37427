import { describe, expect, it } from 'vitest';
import { decodeError, encodeErrorMessage, WorkbenchError } from '../../../src/shared/errors';

describe('error codec across the contextBridge', () => {
  it('round-trips the code through a plain Error message, as Electron delivers it', () => {
    const thrown = new Error(`Error invoking remote method 'workbench:invoke': Error: ${encodeErrorMessage({ code: 'CONFLICT', message: 'run is finished' })}`);
    const decoded = decodeError(thrown);
    expect(decoded).toBeInstanceOf(WorkbenchError);
    expect(decoded.code).toBe('CONFLICT');
    expect(decoded.message).toBe('run is finished');
  });

  it('treats anything unrecognised as INTERNAL and keeps the message', () => {
    const decoded = decodeError(new Error('disk full'));
    expect(decoded.code).toBe('INTERNAL');
    expect(decoded.message).toBe('disk full');
  });
});
