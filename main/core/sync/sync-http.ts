/**
 * The district's HTTP endpoints (PROTOCOL.md) as the sync worker calls them. Every answer is read as
 * a stream up to a bound (PROTOCOL.md v1.1: a pull page at most 32 MiB), never whole: past the bound
 * the request is abandoned (BodyTooLarge) and nothing more of it is kept.
 */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterMs: number | null,
  ) {
    super(`HTTP ${status}`);
  }
}

/** An answer longer than the bound it was read with: abandoned after `read` bytes. */
export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly read: number,
  ) {
    super(`the district's answer is over ${limit} bytes`);
  }
}

export interface DistrictEndpoint {
  /** Base URL, e.g. http://127.0.0.1:8080 (the paths /v1/towns/… are appended). */
  readonly upstream: string;
  readonly token: string;
  readonly townCode: string;
  readonly requestTimeoutMs: number;
  /** The most read of one answer (a pull page, a push's results). */
  readonly maxPageBytes: number;
}

/** Reads a body up to `limit` bytes; past it, cancels the body (the connection goes) and throws BodyTooLarge. */
export async function readBounded(response: Response, limit: number): Promise<string> {
  return (await readBoundedBytes(response, limit)).toString('utf8');
}

/** readBounded's bytes (a blob, PROTOCOL.md v1.1: at most 20 MiB). */
export async function readBoundedBytes(response: Response, limit: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(limit, 0);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      chunks.length = 0;
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit, size);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

export class DistrictHttp {
  constructor(
    private readonly o: DistrictEndpoint,
    private readonly fetchImpl: typeof fetch,
  ) {}

  url(path: string): string {
    return `${this.o.upstream}/v1/towns/${encodeURIComponent(this.o.townCode)}${path}`;
  }

  /** One request; its answer read up to `maxBytes` (default: maxPageBytes). */
  async request(method: 'GET' | 'POST', path: string, body?: unknown, maxBytes = this.o.maxPageBytes): Promise<unknown> {
    const response = await this.fetchImpl(this.url(path), {
      method,
      headers: { Authorization: `Bearer ${this.o.token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(this.o.requestTimeoutMs),
    });
    const text = await readBounded(response, maxBytes);
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
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      throw new HttpFailure(response.status, null, null);
    }
    return response.body as unknown as AsyncIterable<Uint8Array>;
  }
}
