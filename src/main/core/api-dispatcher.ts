/**
 * One handler table behind every transport. `dispatch` validates the method name and the payload
 * with the shared schemas, runs the handler and always answers with an ApiResponse: a bad request
 * becomes a typed error, never a thrown exception in the transport.
 */
import { isMethodName, type WorkbenchApiMethods } from '../../shared/api';
import { methodParamSchemas } from '../../shared/api-schemas';
import { WorkbenchError, type ApiResponse, messageOf } from '../../shared/errors';

export type ApiHandlers = WorkbenchApiMethods;

export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  rawParams: unknown,
): Promise<ApiResponse<unknown>> {
  if (!isMethodName(method)) {
    return {
      ok: false,
      error: { code: 'BAD_REQUEST', message: `unknown method ${JSON.stringify(method)}` },
    };
  }
  const parsed = methodParamSchemas[method].safeParse(rawParams);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(params)',
      message: issue.message,
    }));
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `invalid params for ${method}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
        issues,
      },
    };
  }
  try {
    const handler = handlers[method] as (params: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    if (error instanceof WorkbenchError) return { ok: false, error: error.toBody() };
    const message = messageOf(error);
    return { ok: false, error: { code: 'INTERNAL', message } };
  }
}
