/**
 * The console's Content-Security-Policy: nothing from outside the app, no inline script, no eval.
 * Inline styles are allowed because the component kit (Ant Design's CSS-in-JS) injects them.
 * The same string is set by the Electron shell and the web console.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "media-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
