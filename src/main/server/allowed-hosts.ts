/**
 * Which `Host` header values (and `Origin` hosts) the headless host answers to. A page on another
 * site can make a browser resolve its own name to 127.0.0.1 (DNS rebinding); the browser then sends
 * that foreign name as `Host`, and SameSite treats the page as same-site with our cookie's target.
 * Accepting only the names we are really bound to closes that door.
 */
import { networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);

export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK_NAMES.includes(address.toLowerCase()) || /^127\./.test(address);
}

function formatHost(name: string, port: number): string {
  return `${name.includes(':') ? `[${name}]` : name}:${port}`.toLowerCase();
}

/** The addresses a wildcard bind answers on: every local interface, loopback included. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((entry) => entry.address.replace(/%.*$/, ''));
}

/** `host:port` values a request may name, all lower-case; IPv6 in brackets as `Host` carries it. */
export function allowedHosts(boundTo: string, port: number): Set<string> {
  const names = new Set<string>([boundTo]);
  if (isLoopbackAddress(boundTo)) for (const name of LOOPBACK_NAMES) names.add(name);
  if (WILDCARD_ADDRESSES.has(boundTo)) for (const name of [...LOOPBACK_NAMES, ...interfaceAddresses()]) names.add(name);
  names.delete('');
  const hosts = [...names].map((name) => formatHost(name, port));
  // A browser leaves the port out of Host and Origin when it is the scheme's default.
  if (port === 80 || port === 443) hosts.push(...[...names].map((name) => (name.includes(':') ? `[${name}]` : name).toLowerCase()));
  return new Set(hosts);
}

/** True when `value` (a Host header, or an Origin's host part) names this host. */
export function isAllowedHost(allowed: Set<string>, value: string | undefined): boolean {
  return value !== undefined && allowed.has(value.toLowerCase());
}
