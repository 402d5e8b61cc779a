/**
 * The console's Content-Security-Policy: nothing from outside the app, no inline script, no eval.
 * Inline styles are allowed because the component kit (Ant Design's CSS-in-JS) injects them.
 * The same string is set by the Electron shell and the web console.
 */
/**
 * The policy, with the page's own WebSocket address named when it has one (the web console: its own
 * port only, never every loopback port). 'self' covers the origin the page came from.
 * `cameraOrigins` (issue #18): the origins of the enabled cameras' stream addresses
 * (camera-origins.ts), admitted for media and for the fetches hls.js and mpegts.js make (connect-src);
 * blob: for the MediaSource the players feed. Nothing else from outside.
 */
export function contentSecurityPolicy(ownSockets: readonly string[] = [], cameraOrigins: readonly string[] = []): string {
  const cameras = cameraOrigins.filter((o) => /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/.test(o));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...ownSockets, ...cameras].join(' '),
    ["media-src 'self' data: blob:", ...cameras].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The desktop app's pages (app://duty-desk): they reach main over IPC, not over any socket. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
