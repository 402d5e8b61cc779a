/**
 * Where the wall lives in the app's address: `/wall/<layout>/<screen>` in the web console (the
 * server serves the app for it; the wall token comes as `?token=`), or `#/wall/<layout>/<screen>`
 * in the desktop app's wall windows (with `?t=` the window's in-memory token). Several screens of
 * one window are joined with `+` (a scaled part of the wall).
 */
export interface WallScreenRoute {
  readonly kind: 'screen';
  readonly layoutId: string;
  readonly screenIds: readonly string[];
  readonly localToken: string | null;
}

export function parseWallRoute(location: { pathname: string; hash: string }): WallScreenRoute | null {
  const fromPath = /^\/wall\/([^/]+)\/([^/?#]+)\/?$/.exec(location.pathname);
  const hash = location.hash.replace(/^#/, '');
  const [hashPath, hashQuery = ''] = hash.split('?');
  const fromHash = /^\/wall\/([^/]+)\/([^/]+)$/.exec(hashPath ?? '');
  const match = fromPath ?? fromHash;
  if (!match) return null;
  try {
    const layoutId = decodeURIComponent(match[1]!);
    const screenIds = decodeURIComponent(match[2]!).split(/[+,]/).filter(Boolean);
    if (screenIds.length === 0) return null;
    const localToken = fromHash ? new URLSearchParams(hashQuery).get('t') : null;
    return { kind: 'screen', layoutId, screenIds, localToken };
  } catch {
    return null;
  }
}
