/**
 * The district's attachments (PROTOCOL.md v1.1, "Attachments"): content-addressed blobs on disk under
 * the server's data dir, one folder per town (`<dataDir>/blobs/<townCode>/<sha256>`), so a town's token
 * can neither read nor probe another town's files. A blob is received as a stream: hashed and written
 * to a temp file chunk by chunk, never held whole, and stopped at the bound (nothing more is kept; the
 * rest of the body is drained, up to a limit, so the client reads its 413). Only whole, verified
 * blobs ever appear under their name (the temp file is renamed in place: atomic).
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

/** PROTOCOL.md v1.1: at most 20 MiB a blob. */
export const MAX_BLOB_BYTES = 20 * 1024 * 1024;
/** After the bound, this much more is drained (discarded) so the client reads its answer; then the socket is cut. */
const DRAIN_AFTER_BOUND = 64 * 1024 * 1024;

/** A content address: 64 lowercase hex (the attach op's `sha256`). */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export type BlobReceipt = 'stored' | 'had' | 'mismatch' | 'too_large';

export class DistrictBlobs {
  constructor(private readonly dir: string) {}

  private townDir(townCode: string): string {
    return path.join(this.dir, townCode);
  }

  private file(townCode: string, sha256: string): string {
    return path.join(this.townDir(townCode), sha256);
  }

  /** The blob's size, or null when the town does not have it. */
  async size(townCode: string, sha256: string): Promise<number | null> {
    try {
      return (await stat(this.file(townCode, sha256))).size;
    } catch {
      return null;
    }
  }

  read(townCode: string, sha256: string): NodeJS.ReadableStream {
    return createReadStream(this.file(townCode, sha256));
  }

  /** Reads a PUT body as a stream into the town's store; `max` bytes at most. */
  async receive(townCode: string, sha256: string, req: IncomingMessage, max = MAX_BLOB_BYTES): Promise<BlobReceipt> {
    const declared = Number(req.headers['content-length']);
    let tooLarge = Number.isFinite(declared) && declared > max;
    await mkdir(this.townDir(townCode), { recursive: true });
    const temp = path.join(this.townDir(townCode), `.${sha256}.${randomUUID()}.tmp`);
    const out = tooLarge ? null : createWriteStream(temp, { flags: 'wx' });
    const hash = createHash('sha256');
    let size = 0;
    try {
      // Never `break` out of the body: that destroys the socket before the answer is written.
      for await (const chunk of req) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > max) tooLarge = true;
        if (tooLarge) {
          if (size > max + DRAIN_AFTER_BOUND) req.destroy();
          continue;
        }
        hash.update(buf);
        if (out && !out.write(buf)) await once(out, 'drain');
      }
      if (out) {
        out.end();
        await once(out, 'close');
      }
      if (tooLarge) return 'too_large';
      if (hash.digest('hex') !== sha256) return 'mismatch';
      if ((await this.size(townCode, sha256)) !== null) return 'had';
      await rename(temp, this.file(townCode, sha256));
      return 'stored';
    } finally {
      if (out && !out.closed) out.destroy();
      await rm(temp, { force: true });
    }
  }
}
