/** The district's HTTP endpoints (PROTOCOL.md) as the sync worker calls them. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

export interface DistrictEndpoint {
  /** Base URL, e.g. http://127.0.0.1:8080 (the paths /v1/towns/… are appended). */
  readonly upstream: string;
  readonly token: string;
  readonly townCode: string;
  readonly requestTimeoutMs: number;
}

export class DistrictHttp {
  constructor(
    private readonly o: DistrictEndpoint,
    private readonly fetchImpl: typeof fetch,
  ) {}

  url(path: string): string {
    return `${this.o.upstream}/v1/towns/${encodeURIComponent(this.o.townCode)}${path}`;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await this.fetchImpl(this.url(path), {
      method,
      headers: { Authorization: `Bearer ${this.o.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.o.requestTimeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const retryAfter = response.headers.get('retry-after');
      const seconds = retryAfter !== null ? Number(retryAfter) : NaN;
      throw new HttpFailure(response.status, parsed, Number.isFinite(seconds) ? seconds * 1000 : null);
    }
    return parsed;
  }

  /** Opens the live stream after a cursor. */
  async stream(cursor: string | null, signal: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.fetchImpl(this.url(`/stream${cursor ? `?after=${cursor}` : ''}`), {
      headers: { Authorization: `Bearer ${this.o.token}`, Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok || !response.body) throw new HttpFailure(response.status, null, null);
    return response.body as unknown as AsyncIterable<Uint8Array>;
  }
}
