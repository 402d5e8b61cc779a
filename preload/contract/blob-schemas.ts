/**
 * Attachments (PROTOCOL.md v1.1 blobs): opening one by its SHA-256. The bytes come back as a
 * FileResponse does (base64); one the console cannot have is `missing`, with why — never an error.
 */
import { z } from 'zod';

export const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 as 64 lowercase hex digits');

/** `name` and `mime` are the attach op's (the blob itself has neither); they only label the file given back. */
export const BlobOpenRequest = z.strictObject({
  sha256: Sha256,
  name: z.string().min(1).max(255).optional(),
  mime: z.string().min(1).max(255).optional(),
});

export const BlobMissingReason = z.enum(['not_found', 'not_linked', 'unreachable', 'corrupt', 'too_large']);

export const BlobOpenResponse = z.discriminatedUnion('missing', [
  z.object({ missing: z.literal(false), fileName: z.string(), mimeType: z.string(), dataBase64: z.string() }),
  z.object({ missing: z.literal(true), reason: BlobMissingReason }),
]);
export type BlobOpenResponse = z.infer<typeof BlobOpenResponse>;
