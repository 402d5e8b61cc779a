/**
 * The API's shapes for attachments on an event (issue #15, PROTOCOL.md v1.1 `attach`): the bytes come
 * whole (`dataBase64`, Electron IPC) or as an upload sent in chunks first (the web console's messages
 * are at most 256 KiB), then attached by its id. The type is read from the bytes by the core.
 */
import { z } from 'zod';
import { Id } from './schemas';
import { Sha256 } from './blob-schemas';

/** PROTOCOL.md v1.1: an attachment is at most 20 MiB. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** Bytes per upload chunk: 96 KiB is 128 KiB of base64, well under the web console's 256 KiB message. */
export const ATTACHMENT_CHUNK_BYTES = 96 * 1024;
/** What one person may have staged at once (a few photos chosen together). */
export const ATTACHMENT_MAX_STAGED_BYTES = 64 * 1024 * 1024;

const FileName = z.string().trim().min(1).max(255);

export const AttachmentUploadRequest = z.strictObject({
  /** One id per file, made by the renderer; every chunk of the file carries it. */
  uploadId: z.uuid(),
  /** The whole file's size (the core refuses 0 and past 20 MiB with its own sentence). */
  totalBytes: z
    .number()
    .int()
    .min(0)
    .max(1024 * 1024 * 1024),
  /** Where this chunk starts: chunks come in order. */
  offset: z.number().int().min(0),
  /** Base64 of the chunk (checked by the door: bad base64 is refused as unreadable). */
  dataBase64: z.string().max(Math.ceil(ATTACHMENT_CHUNK_BYTES / 3) * 4),
});
export type AttachmentUploadRequest = z.input<typeof AttachmentUploadRequest>;
/** `mime`: the type read from the bytes once the last chunk is in (null before). */
export const AttachmentUploadResponse = z.object({ receivedBytes: z.number(), mime: z.string().nullable() });

/** Exactly one of `dataBase64` (the whole file) and `uploadId` (an upload sent in chunks). */
export const AttachRequest = z.union([
  z.strictObject({ eventId: Id, name: FileName, dataBase64: z.string() }),
  z.strictObject({ eventId: Id, name: FileName, uploadId: z.uuid() }),
]);
export type AttachRequest = z.input<typeof AttachRequest>;

/** What the `attach` op and its timeline row hold (PROTOCOL.md v1.1). */
export const Attached = z.object({ sha256: Sha256, name: z.string(), mime: z.string(), bytes: z.number().int() });
export type Attached = z.infer<typeof Attached>;
