/**
 * The headless host: serves the built renderer and the WorkbenchApi over HTTP
 * (`POST /api/call/<method>`) and WebSocket (`/api/ws`), loopback-only by default,
 * every request gated by the access token.
 */
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { fromWire, toWire } from '../../shared/json-wire';
import { TOKEN_PARAM, WS_PATH } from '../../shared/transport-protocol';
import { dispatch, type ApiHandlers } from '../core/api-dispatcher';
import type { EventHub } from '../core/event-hub';
import { authenticate, createAccessToken, tokenCookie } from './access-token';
import { CONTENT_SECURITY_POLICY } from '../core/content-security-policy';
import { MAX_FRAME_BYTES, attachWebSocket } from './ws-adapter';
import { allowedHosts, isAllowedHost } from './allowed-hosts';

export interface HeadlessHostOptions {
  handlers: ApiHandlers;
  events: EventHub;
  /** Folder with the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** Fixed token, for tests; a random one otherwise. */
  token?: string;
}

export interface HeadlessHost {
  /** The URL to open, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const API_CALL_PREFIX = '/api/call/';

/**
 * A browser names the page that made a request in `Origin`; only our own page may call the API
 * (the token cookie alone is not enough: SameSite ignores ports, so another local app could send it).
 * Non-browser clients send no Origin. Anything unparsable, `null` included, is refused. The Origin is
 * compared with the addresses we are bound to, not with the request's own Host, which a rebinding
 * page controls.
 */
function sameOrigin(request: IncomingMessage, allowed: Set<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    return isAllowedHost(allowed, new URL(origin).host);
  } catch {
    return false;
  }
}

/** The request target as a URL, or null when it is not one (`GET http://[ HTTP/1.1`): such a request gets a 400. */
function parseRequestUrl(raw: string | undefined): URL | null {
  try {
    return new URL(raw ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function decodeMethodName(encoded: string): string | null {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

/** Behind a TLS-terminating proxy the browser speaks HTTPS, so the cookie may be marked Secure. */
function servedOverHttps(request: IncomingMessage): boolean {
  const proto = request.headers['x-forwarded-proto'];
  return (Array.isArray(proto) ? proto[0] : proto)?.split(',')[0]?.trim().toLowerCase() === 'https';
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  response.end(`${message}\n`);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...SECURITY_HEADERS });
  response.end(toWire(body));
}

/**
 * Only an import carries a whole bundle; every other call's parameters are small, so a huge body
 * sent to them is refused after a few megabytes instead of being buffered up to the import limit.
 */
const MAX_CALL_BODY_BYTES = 16 * 2 ** 20;
const LARGE_BODY_METHODS = new Set(['importRun']);

async function readJsonBody(request: IncomingMessage, limit: number): Promise<{ value: unknown } | { error: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return { error: `request body exceeds ${limit} bytes` };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { value: undefined };
  try {
    return { value: fromWire(text) };
  } catch {
    return { error: 'request body is not valid JSON' };
  }
}

function formatHostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const token = options.token ?? createAccessToken();
  const rendererBuilt = existsSync(`${options.rendererDir}/index.html`);
  const serveStatic = rendererBuilt
    ? sirv(options.rendererDir, { dev: false, etag: true, single: true, setHeaders: (res) => {
        for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      } })
    : null;

  const handleApiCall = async (request: IncomingMessage, response: ServerResponse, method: string) => {
    if (request.method !== 'POST') return refuse(response, 405, 'API calls use POST');
    const body = await readJsonBody(request, LARGE_BODY_METHODS.has(method) ? MAX_FRAME_BYTES : MAX_CALL_BODY_BYTES);
    if ('error' in body) {
      // The rest of an oversized body is never read, so this connection cannot carry another request.
      response.setHeader('Connection', 'close');
      return sendJson(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: body.error } });
    }
    const name = decodeMethodName(method);
    if (name === null) return sendJson(response, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'the method name in the path is not valid percent-encoding' } });
    const result = await dispatch(options.handlers, name, body.value);
    sendJson(response, result.ok ? 200 : result.error.code === 'INTERNAL' ? 500 : 400, result);
  };

  // Known once listening (options.port may be 0); the cookie is named per port so two hosts do not clobber each other.
  let port = options.port;
  let allowed = new Set<string>();
  const handleRequest = (request: IncomingMessage, response: ServerResponse) => {
    const url = parseRequestUrl(request.url);
    if (url === null) return refuse(response, 400, 'VAE Workbench: the request target is not a valid URL.');
    if (!isAllowedHost(allowed, request.headers.host)) {
      return refuse(response, 421, 'VAE Workbench: this host answers only to the address it is bound to (Host header refused).');
    }
    const credential = authenticate(request, url, token, port);
    if (credential === null) {
      return refuse(response, 401, 'VAE Workbench: this host needs its access token. Open the URL printed by `vae-workbench serve`.');
    }
    if (credential === 'query') {
      // Remember the token in a cookie so the page's own asset and WebSocket requests need not carry it.
      response.setHeader('Set-Cookie', tokenCookie(token, port, servedOverHttps(request)));
    }
    if (url.pathname.startsWith(API_CALL_PREFIX)) {
      if (!sameOrigin(request, allowed)) return refuse(response, 403, 'VAE Workbench: API calls from another origin are refused.');
      handleApiCall(request, response, url.pathname.slice(API_CALL_PREFIX.length)).catch((error: unknown) => {
        // The client may have gone (an aborted body): then there is no one left to answer.
        if (response.headersSent || response.destroyed) response.destroy();
        else sendJson(response, 500, { ok: false, error: { code: 'INTERNAL', message: String(error) } });
      });
      return;
    }
    if (!serveStatic) return refuse(response, 503, 'VAE Workbench: the renderer is not built. Run `npm run build`.');
    serveStatic(request, response, () => refuse(response, 404, 'not found'));
  };
  const server = createServer((request, response) => {
    try {
      handleRequest(request, response);
    } catch (error) {
      // Whatever one request does wrong, the host (and every run training under it) stays up.
      if (!response.headersSent) refuse(response, 500, `VAE Workbench: internal error (${String(error)})`);
      else response.destroy();
    }
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    const url = parseRequestUrl(request.url);
    if (url === null) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (url.pathname !== WS_PATH || !isAllowedHost(allowed, request.headers.host) || authenticate(request, url, token, port) === null || !sameOrigin(request, allowed)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    try {
      wss.handleUpgrade(request, socket, head, (ws) => attachWebSocket(ws, options.handlers, options.events));
    } catch {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowed = allowedHosts(options.host, port);
  const origin = `http://${formatHostForUrl(options.host)}:${port}`;

  return {
    url: `${origin}/?${TOKEN_PARAM}=${token}`,
    origin,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
