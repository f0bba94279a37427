/** Typed errors that cross the API boundary. */

export type ApiErrorCode =
  /** The method does not exist or the payload failed validation. */
  | 'BAD_REQUEST'
  /** The thing asked for does not exist. */
  | 'NOT_FOUND'
  /** The request is valid but the current state forbids it (e.g. pausing a finished run). */
  | 'CONFLICT'
  /** A bug or an environment failure on the host. */
  | 'INTERNAL';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** One entry per invalid field, for validation failures. */
  issues?: { path: string; message: string }[];
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export class WorkbenchError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: { path: string; message: string }[];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'WorkbenchError';
    this.code = body.code;
    this.issues = body.issues ?? [];
  }

  toBody(): ApiErrorBody {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/**
 * Errors lose their class crossing Electron's contextBridge; only the message survives.
 * We therefore encode the code in the message and parse it back on the renderer side.
 */
export function encodeErrorMessage(body: ApiErrorBody): string {
  return `[${body.code}] ${body.message}`;
}

const ENCODED = /^\[(BAD_REQUEST|NOT_FOUND|CONFLICT|INTERNAL)\] ([\s\S]*)$/;

export function decodeError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  const message = messageOf(error);
  // Electron prefixes rejected invoke() errors with "Error invoking remote method '…': Error: ".
  const stripped = message.replace(/^Error invoking remote method '[^']*': (Error: )?/, '');
  const match = ENCODED.exec(stripped);
  if (match) return new WorkbenchError({ code: match[1] as ApiErrorCode, message: match[2] ?? '' });
  return new WorkbenchError({ code: 'INTERNAL', message: stripped });
}

/** The message of anything thrown: an Error's message, or the value as text (a throw need not be an Error). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
