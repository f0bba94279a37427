/**
 * Runtime schemas for every inbound API payload. The hosts validate at the boundary with these,
 * so a malformed request becomes a typed BAD_REQUEST instead of reaching a handler.
 */
import { z } from 'zod';
import type { MethodName } from './api';

const noParams = z.undefined().or(z.null()).or(z.object({}).strict()).transform(() => undefined);

export const methodParamSchemas = {
  health: noParams,
} satisfies Record<MethodName, z.ZodType>;
