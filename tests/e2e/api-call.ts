/** One WorkbenchApi call over the host's HTTP endpoint, for setting up and checking what the UI shows. */
import type { APIRequestContext } from '@playwright/test';
import type { WorkbenchHost } from './workbench-host';

export async function call<T>(request: APIRequestContext, host: WorkbenchHost, method: string, params: unknown): Promise<T> {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  const response = await request.post(`${host.origin}/api/call/${method}`, { headers: { Authorization: `Bearer ${token}` }, data: params });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method} failed: ${body.error?.message ?? response.status()}`);
  return body.value as T;
}
