/** An http(s) address with no user, password, query or fragment in it (a feed, a district), or null. */
export function plainHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    const http = url.protocol === 'https:' || url.protocol === 'http:';
    return http && !url.username && !url.password && !url.search && !url.hash ? url : null;
  } catch {
    return null;
  }
}
