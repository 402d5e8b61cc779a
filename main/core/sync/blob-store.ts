/**
 * The console's attachments (PROTOCOL.md v1.1 "Attachments"): content-addressed blobs in the data
 * folder, `<dataDir>/blobs/<sha256>`, each verified by its hash when it is written and when it is read.
 *
 * - `put(bytes)` keeps a blob here and marks it to be uploaded (`blobs/pending/<sha256>`); the push
 *   uploads it before the first op that names it (`prepareUpload`), and the mark goes once the
 *   district holds it. A blob no op names stays here only.
 * - `open(sha256)`: the bytes held here; else fetched from the district (at most 20 MiB, verified)
 *   and kept; else `{ missing: true, reason }` — never an error (the pull never fetches blobs: they are
 *   fetched when someone opens one).
 * - A file here whose bytes are not its name's is moved aside (`blobs/corrupt/`, kept for a look) and
 *   treated as not held.
 *
 * How an op names blobs (docs/protocol-decisions.md "Attachments"): an `attach` action by its
 * `payload.sha256`, and any op by `payload.blobs` (an array of SHA-256s).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { refuse } from '../errors';
import { MAX_BLOB_BYTES, type BlobRemote } from './blob-http';
import { BodyTooLarge } from './sync-http';

export { MAX_BLOB_BYTES };

/** A content address: 64 lowercase hex. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

export type BlobMissingReason = 'not_found' | 'not_linked' | 'unreachable' | 'corrupt' | 'too_large';

export type BlobOpened = { readonly missing: false; readonly bytes: Buffer } | { readonly missing: true; readonly reason: BlobMissingReason };

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The blobs an op names: an `attach` action's `payload.sha256`, and `payload.blobs` of any op (valid addresses only). */
export function blobsNamedBy(op: { readonly action?: string | null; readonly payload: Readonly<Record<string, unknown>> }): string[] {
  const named: string[] = [];
  if (op.action === 'attach' && typeof op.payload.sha256 === 'string') named.push(op.payload.sha256);
  const list = op.payload.blobs;
  if (Array.isArray(list)) for (const x of list) if (typeof x === 'string') named.push(x);
  return [...new Set(named.filter((x) => SHA256_HEX.test(x)))];
}

export class BlobStore {
  private readonly opening = new Map<string, Promise<BlobOpened>>();

  /**
   * @param dir `<dataDir>/blobs`
   * @param remote the district while linked (null: not linked); asked at each open.
   */
  constructor(
    readonly dir: string,
    private readonly remote: () => BlobRemote | null,
  ) {}

  private file(sha256: string): string {
    return path.join(this.dir, sha256);
  }

  private mark(sha256: string): string {
    return path.join(this.dir, 'pending', sha256);
  }

  /** Writes bytes under their name through a temp file renamed in place (never a half file under a name). */
  private async keep(sha256: string, bytes: Uint8Array): Promise<void> {
    await mkdir(path.join(this.dir, 'tmp'), { recursive: true });
    const temp = path.join(this.dir, 'tmp', `${sha256}.${randomUUID()}`);
    try {
      await writeFile(temp, bytes, { flush: true });
      await rename(temp, this.file(sha256));
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Keeps a blob here, to be uploaded before the first op that names it; returns its SHA-256. */
  async put(bytes: Uint8Array): Promise<string> {
    if (bytes.byteLength > MAX_BLOB_BYTES) {
      refuse('blob_too_large', `an attachment is at most ${MAX_BLOB_BYTES} bytes`, { max: MAX_BLOB_BYTES, bytes: bytes.byteLength });
    }
    const sha256 = sha256Of(bytes);
    await mkdir(path.join(this.dir, 'pending'), { recursive: true });
    // The mark first: a blob held here is never one the push believes uploaded when it is not.
    await writeFile(this.mark(sha256), '');
    if ((await this.read(sha256)) === null) await this.keep(sha256, bytes);
    return sha256;
  }

  /**
   * The verified bytes held here, or null when none are (a file whose bytes are not its name's is moved
   * aside, and counts as none; `corrupt` says it happened).
   */
  async read(sha256: string, corrupt?: { found: boolean }): Promise<Buffer | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    let bytes: Buffer;
    try {
      if ((await stat(this.file(sha256))).size > MAX_BLOB_BYTES) throw new Error('over the bound');
      bytes = await readFile(this.file(sha256));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      bytes = Buffer.alloc(0); // unreadable or over the bound: not what its name says
    }
    if (sha256Of(bytes) === sha256) return bytes;
    if (corrupt) corrupt.found = true;
    await mkdir(path.join(this.dir, 'corrupt'), { recursive: true });
    await rename(this.file(sha256), path.join(this.dir, 'corrupt', `${sha256}.${Date.now()}`)).catch(() => undefined);
    return null;
  }

  /** Whether the district is still to get this blob from us. */
  async pendingUpload(sha256: string): Promise<boolean> {
    return stat(this.mark(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** The bytes of an attachment: here, else the district's (verified, then kept), else missing. Never throws for the district's sake. */
  open(sha256: string): Promise<BlobOpened> {
    let opening = this.opening.get(sha256);
    if (!opening) {
      opening = this.openOnce(sha256).finally(() => this.opening.delete(sha256));
      this.opening.set(sha256, opening);
    }
    return opening;
  }

  private async openOnce(sha256: string): Promise<BlobOpened> {
    if (!SHA256_HEX.test(sha256)) return { missing: true, reason: 'not_found' };
    const corrupt = { found: false };
    const held = await this.read(sha256, corrupt);
    if (held) return { missing: false, bytes: held };
    const remote = this.remote();
    const lost = (reason: BlobMissingReason): BlobOpened => ({ missing: true, reason: corrupt.found ? 'corrupt' : reason });
    if (!remote) return lost('not_linked');
    let bytes: Buffer | null;
    try {
      bytes = await remote.get(sha256);
    } catch (error) {
      return lost(error instanceof BodyTooLarge ? 'too_large' : 'unreachable');
    }
    if (bytes === null) return lost('not_found');
    // The district's bytes must be the ones named: otherwise they are not kept, and the blob is missing.
    if (sha256Of(bytes) !== sha256) return { missing: true, reason: 'corrupt' };
    await this.keep(sha256, bytes);
    return { missing: false, bytes };
  }

  /**
   * Before a batch of ops is pushed: every blob they name that the district is still to get is
   * uploaded (in order; a failure throws, and nothing of the batch goes: the loop retries with its
   * backoff). Returns the indexes of ops naming a blob that is to be uploaded but is no longer held
   * here whole (lost or corrupt): they cannot go, ever, as they are; the push sets them aside.
   */
  async prepareUpload(ops: readonly { readonly action?: string | null; readonly payload: Readonly<Record<string, unknown>> }[], remote: BlobRemote): Promise<number[]> {
    const lost: number[] = [];
    const done = new Set<string>();
    for (let i = 0; i < ops.length; i++) {
      const named = blobsNamedBy(ops[i]!);
      for (const sha256 of named) {
        if (done.has(sha256) || !(await this.pendingUpload(sha256))) continue;
        const bytes = await this.read(sha256);
        if (!bytes) {
          lost.push(i);
          break;
        }
        await remote.put(sha256, bytes);
        await rm(this.mark(sha256), { force: true });
        done.add(sha256);
      }
    }
    return lost;
  }
}
