/**
 * The headless host's access token: a random secret printed in the URL. A request proves it knows
 * the token by a `?token=` query, an `Authorization: Bearer` header, or the cookie set on first visit
 * (so the page's own asset and WebSocket requests need not carry it). Jupyter works the same way.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_PARAM } from '../../shared/transport-protocol';

export function createAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

export type TokenSource = 'query' | 'header' | 'cookie';

function sameSecret(candidate: string, token: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // a malformed cookie is no credential, and no reason to fail the request
    }
  }
  return undefined;
}

/** The cookie's name for the host on `port`: two hosts on one machine each keep their own. */
export function tokenCookieName(port: number): string {
  return `${TOKEN_COOKIE}_${port}`;
}

/** Which credential, if any, carries the right token. */
export function authenticate(request: IncomingMessage, url: URL, token: string, port: number): TokenSource | null {
  const fromQuery = url.searchParams.get(TOKEN_PARAM);
  if (fromQuery !== null && sameSecret(fromQuery, token)) return 'query';
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined && sameSecret(bearer, token)) return 'header';
  const fromCookie = cookieValue(request.headers.cookie, tokenCookieName(port));
  if (fromCookie !== undefined && sameSecret(fromCookie, token)) return 'cookie';
  return null;
}

/** `secure`: the browser reached us over HTTPS (a TLS proxy in front), so the cookie never travels in clear. */
export function tokenCookie(token: string, port: number, secure = false): string {
  return `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;
}
