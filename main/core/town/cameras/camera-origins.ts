/**
 * The origins the console's Content-Security-Policy admits media from (issue #18): the scheme, host
 * and port of each enabled camera's HLS, HTTP-FLV and WebRTC (WHEP) addresses — nothing else, never a path, a user,
 * a password or a query. Pure: test/cameras/camera-origins.test.ts.
 */

/** `http(s)://host[:port]` of every http/https address given, each once, in a stable order. */
export function cameraMediaOrigins(cameras: ReadonlyArray<{ readonly hlsUrl: string | null; readonly flvUrl: string | null; readonly whepUrl?: string | null }>): string[] {
  const origins = new Set<string>();
  for (const c of cameras) {
    // A WHEP address is a fetch too (the offer POSTed, the session DELETEd): connect-src admits it.
    for (const address of [c.hlsUrl, c.flvUrl, c.whepUrl]) {
      if (!address) continue;
      let url: URL;
      try {
        url = new URL(address);
      } catch {
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      // URL.origin drops the user, password, path and query, and the scheme's default port.
      origins.add(url.origin);
    }
  }
  return [...origins].sort();
}
