/**
 * Pure helpers of the camera player (issue #18): which stream to play, the retry delays, and an
 * address's credentials moved out of the address (a `user:pass@` address cannot be fetched as it is:
 * the credentials travel as an Authorization header instead). Nothing here logs anything.
 */

export type StreamSource = { readonly kind: 'whep' | 'hls' | 'flv'; readonly url: string };

/**
 * WebRTC (WHEP) when the camera has it — a fraction of a second behind the scene where HLS is several
 * seconds, which is what linkage wants — else HLS (every browser engine plays it), else HTTP-FLV;
 * null: nothing to play.
 */
export function pickSource(c: { readonly hlsUrl?: string | null; readonly flvUrl?: string | null; readonly whepUrl?: string | null }): StreamSource | null {
  if (c.whepUrl) return { kind: 'whep', url: c.whepUrl };
  if (c.hlsUrl) return { kind: 'hls', url: c.hlsUrl };
  if (c.flvUrl) return { kind: 'flv', url: c.flvUrl };
  return null;
}

export const RETRY_FIRST_MS = 1000;
export const RETRY_MAX_MS = 30_000;

/** The wait before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, Math.min(attempt, 20)));
}

/** The address without its user and password, and the Basic header that carries them (null: none). */
export function withoutCredentials(address: string): { url: string; authorization: string | null } {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { url: address, authorization: null };
  }
  if (!url.username && !url.password) return { url: address, authorization: null };
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const bytes = new TextEncoder().encode(`${user}:${pass}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { url: url.toString(), authorization: `Basic ${btoa(binary)}` };
}
