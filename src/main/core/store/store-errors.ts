/** The store's failures as the API's typed errors, so a handler can pass them through unchanged. */
import { WorkbenchError, messageOf } from '../../../shared/errors';

export function notFound(message: string): WorkbenchError {
  return new WorkbenchError({ code: 'NOT_FOUND', message });
}

export function badRequest(message: string): WorkbenchError {
  return new WorkbenchError({ code: 'BAD_REQUEST', message });
}

export function conflict(message: string): WorkbenchError {
  return new WorkbenchError({ code: 'CONFLICT', message });
}

export function describeError(error: unknown): string {
  return messageOf(error);
}
