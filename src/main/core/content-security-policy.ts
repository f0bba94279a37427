/**
 * The Content-Security-Policy for the renderer, in one place. Scripts only from the app itself (wasm
 * allowed), no eval, no plugins, no framing. Inline styles are allowed because Svelte and ECharts set
 * style attributes. The headless host sends it as a header; the build writes it into index.html's
 * meta tag, which is what governs the Electron window's file:// page.
 */
const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');

/** The same policy for a <meta> tag, where browsers ignore (and warn about) frame-ancestors. */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');
