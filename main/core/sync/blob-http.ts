/**
 * The district's blob endpoints (PROTOCOL.md v1.1 "Attachments") as the console calls them: PUT of a
 * blob before the op that names it, GET when someone opens one the console does not hold. An answer
 * is read as a stream up to the bound (20 MiB), never whole past it.
 */
import { BodyTooLarge, HttpFailure, readBounded, readBoundedBytes, type DistrictEndpoint } from './sync-http';

/** PROTOCOL.md v1.1: a blob is at most 20 MiB. */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;
/** A blob may take longer than a page on a slow line: at least this long before a request is given up. */
const MIN_BLOB_TIMEOUT_MS = 120_000;

/** Where a console's blobs go to and come from (the district, while the console is linked). */
export interface BlobRemote {
  /** Uploads a blob; resolves once the district holds it (201 or 200). Throws HttpFailure (or a network error) otherwise. */
  put(sha256: string, bytes: Uint8Array): Promise<void>;
  /** The district's bytes, unverified; null when it does not hold them (404). Throws when it cannot be asked. */
  get(sha256: string): Promise<Buffer | null>;
}

export class BlobHttp implements BlobRemote {
  constructor(
    private readonly o: DistrictEndpoint,
    private readonly fetchImpl: typeof fetch,
  ) {}

  private url(sha256: string): string {
    return `${this.o.upstream}/v1/towns/${encodeURIComponent(this.o.townCode)}/blobs/${sha256}`;
  }

  private get timeoutMs(): number {
    return Math.max(this.o.requestTimeoutMs, MIN_BLOB_TIMEOUT_MS);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const response = await this.fetchImpl(this.url(sha256), {
      method: 'PUT',
      headers: { Authorization: `Bearer ${this.o.token}`, 'Content-Type': 'application/octet-stream' },
      body: bytes as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    // The answer is a small JSON object at most; a district that sends more is not read further.
    const text = await readBounded(response, 64 * 1024).catch((error: unknown) => {
      if (error instanceof BodyTooLarge) return '';
      throw error;
    });
    if (response.ok) return;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // kept as text
    }
    const retryAfter = Number(response.headers.get('retry-after') ?? NaN);
    throw new HttpFailure(response.status, body, Number.isFinite(retryAfter) ? retryAfter * 1000 : null);
  }

  async get(sha256: string): Promise<Buffer | null> {
    const response = await this.fetchImpl(this.url(sha256), {
      headers: { Authorization: `Bearer ${this.o.token}` },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new HttpFailure(response.status, null, null);
    }
    return readBoundedBytes(response, MAX_BLOB_BYTES);
  }
}
