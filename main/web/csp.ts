/**
 * The console's Content-Security-Policy: nothing from outside the app, no inline script, no eval.
 * Inline styles are allowed because the component kit (Ant Design's CSS-in-JS) injects them.
 * The same string is set by the Electron shell and the web console.
 */
/**
 * The policy, with the page's own WebSocket address named when it has one (the web console: its own
 * port only, never every loopback port). 'self' covers the origin the page came from.
 */
export function contentSecurityPolicy(ownSockets: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...ownSockets].join(' '),
    "media-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The desktop app's pages (app://duty-desk): they reach main over IPC, not over any socket. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
