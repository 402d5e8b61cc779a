/**
 * Attachments on an event (issue #15, PROTOCOL.md v1.1 `attach` and "Attachments"): a photo or a file
 * of at most 20 MiB, in any state but invalid and merged, the state unchanged.
 *
 * - The type is read from the bytes (attachment-type.ts), never from the name: an executable or a
 *   script, or a type not on the list, is refused with what to do; an empty file too. A refusal
 *   changes nothing: no blob, no op, no timeline row.
 * - Accepted: the blob goes to the blob store (`<dataDir>/blobs/<sha256>`, marked to be uploaded
 *   before the op), the event gets the `attach` action — its timeline row (which is its audit row,
 *   `event.attach`) and its op {sha256, name, mime, bytes} — in one kernel command.
 * - Bytes come whole (Electron IPC, tests) or in chunks staged here first (the web console's messages
 *   are at most 256 KiB): `upload` takes a chunk in order, reads the type once the last one is in
 *   (refusing it then, before anything else is done), and `attach` names the upload.
 */
import { createHash } from 'node:crypto';
import { ATTACHMENT_CHUNK_BYTES, ATTACHMENT_MAX_STAGED_BYTES, type Attached, type AttachmentUploadRequest } from '../../../preload/contract/attachment-schemas';
import { refuse } from '../errors';
import type { Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import { ACCEPTED_TYPES_ZH, keptName, sniffAttachment, type AttachmentType } from './attachment-type';
import type { EventContext } from './event-context';
import { MAX_ATTACHMENT_BYTES } from './event-lifecycle';
import { transition } from './event-transition';

/** Where an attachment's bytes are kept (the console's BlobStore). */
export interface AttachmentKeeper {
  put(bytes: Uint8Array): Promise<string>;
}

/** An upload is forgotten after this long without a chunk. */
const UPLOAD_TTL_MS = 15 * 60_000;

interface Staged {
  readonly actorId: string;
  readonly totalBytes: number;
  readonly chunks: Buffer[];
  received: number;
  touched: number;
  type: AttachmentType | null;
}

/** The type of the bytes, or the refusal that says what to do. */
export function attachmentTypeOf(bytes: Uint8Array): AttachmentType {
  if (bytes.byteLength === 0) refuse('attachment_empty', 'the file is empty');
  if (bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    refuse('blob_too_large', `an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes`, { max: MAX_ATTACHMENT_BYTES, bytes: bytes.byteLength });
  }
  const sniffed = sniffAttachment(bytes);
  if (sniffed.ok) return sniffed.type;
  if (sniffed.executable)
    refuse('attachment_executable', `an executable or script (${sniffed.executable}) is not an attachment`, { kind: sniffed.executable, accepted: ACCEPTED_TYPES_ZH });
  refuse('attachment_type', 'the type of this file is not one accepted', { accepted: ACCEPTED_TYPES_ZH });
}

export class EventAttach {
  private keeper: AttachmentKeeper | null = null;
  private readonly uploads = new Map<string, Staged>();

  constructor(private readonly ctx: EventContext) {}

  /** The blob store (app-core wires it once both exist). */
  keepIn(keeper: AttachmentKeeper): void {
    this.keeper = keeper;
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, u] of this.uploads) if (now - u.touched > UPLOAD_TTL_MS) this.uploads.delete(id);
  }

  /** One chunk of a file, in order; the last one's arrival reads the type (a refusal drops the upload). */
  upload(actor: Actor, chunk: Omit<AttachmentUploadRequest, 'dataBase64'> & { data: Buffer }): { receivedBytes: number; mime: string | null } {
    permit(actor, 'note');
    this.expire();
    if (chunk.totalBytes > MAX_ATTACHMENT_BYTES)
      refuse('blob_too_large', `an attachment is at most ${MAX_ATTACHMENT_BYTES} bytes`, { max: MAX_ATTACHMENT_BYTES, bytes: chunk.totalBytes });
    if (chunk.totalBytes === 0) refuse('attachment_empty', 'the file is empty');
    if (chunk.data.length > ATTACHMENT_CHUNK_BYTES) refuse('attachment_unreadable', 'a chunk is larger than the chunk size');
    let staged = this.uploads.get(chunk.uploadId);
    if (staged && staged.actorId !== actor.id) refuse('not_found', 'no such upload', { id: chunk.uploadId });
    if (!staged) {
      if (chunk.offset !== 0) refuse('attachment_unreadable', 'an upload starts at offset 0');
      const mine = [...this.uploads.values()].filter((u) => u.actorId === actor.id).reduce((n, u) => n + u.totalBytes, 0);
      if (mine + chunk.totalBytes > ATTACHMENT_MAX_STAGED_BYTES) refuse('invalid', 'too many bytes staged at once; attach or wait', { field: 'totalBytes' });
      staged = { actorId: actor.id, totalBytes: chunk.totalBytes, chunks: [], received: 0, touched: Date.now(), type: null };
      this.uploads.set(chunk.uploadId, staged);
    }
    if (chunk.totalBytes !== staged.totalBytes || chunk.offset !== staged.received || staged.received + chunk.data.length > staged.totalBytes) {
      this.uploads.delete(chunk.uploadId);
      refuse('attachment_unreadable', `the next chunk starts at ${staged.received} of ${staged.totalBytes}`);
    }
    staged.chunks.push(chunk.data);
    staged.received += chunk.data.length;
    staged.touched = Date.now();
    if (staged.received === staged.totalBytes) {
      try {
        staged.type = attachmentTypeOf(Buffer.concat(staged.chunks));
      } catch (error) {
        this.uploads.delete(chunk.uploadId);
        throw error;
      }
    }
    return { receivedBytes: staged.received, mime: staged.type?.mime ?? null };
  }

  /** Attaches a whole upload (consumed, whatever the outcome). */
  attachUpload(actor: Actor, req: { eventId: string; uploadId: string; name: string }): Promise<Attached> {
    permit(actor, 'note');
    this.expire();
    const staged = this.uploads.get(req.uploadId);
    if (!staged || staged.actorId !== actor.id || staged.received !== staged.totalBytes) {
      refuse('attachment_unreadable', 'the upload is not held whole here (15 minutes at most): choose the file again');
    }
    this.uploads.delete(req.uploadId);
    return this.attach(actor, { eventId: req.eventId, name: req.name, bytes: Buffer.concat(staged.chunks) });
  }

  /** Attaches bytes to an event: refused (nothing changed) unless their type is accepted and the event takes it. */
  attach(actor: Actor, req: { eventId: string; name: string; bytes: Uint8Array }): Promise<Attached> {
    const { ctx } = this;
    const keeper = this.keeper;
    if (!keeper) throw new Error('attachments have no blob store');
    return ctx.run('attach', actor, 'note', async (tx) => {
      const type = attachmentTypeOf(req.bytes);
      const e = await ctx.loadTarget(tx.sql, req.eventId);
      const attached: Attached = { sha256: '', name: keptName(req.name, type), mime: type.mime, bytes: req.bytes.byteLength };
      // The blob's address is its hash: known before it is kept, so the transition (which refuses an
      // invalid or merged event) goes first and a refused attach leaves no blob behind.
      attached.sha256 = createHash('sha256').update(req.bytes).digest('hex');
      await transition(ctx, tx, actor, e, 'attach', { ...attached }, {}, tx.at);
      const kept = await keeper.put(req.bytes);
      if (kept !== attached.sha256) throw new Error('the blob store kept another address');
      tx.emit({ topic: 'events', ids: [e.id] });
      return attached;
    });
  }
}
