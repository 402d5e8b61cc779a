/**
 * Sending files to attach (issue #15): each file goes up in chunks first (the web console's messages
 * are small; the core reads the type when the last chunk is in and refuses a program or an unknown
 * type then, before the form's own command runs), and is attached to the event by its upload id after.
 */
import type { ApiError, Result } from '../../../../preload/contract';
import { ATTACHMENT_CHUNK_BYTES, ATTACHMENT_MAX_BYTES } from '../../../../preload/contract/attachment-schemas';
import { api } from '../../api';
import { fileToBase64 } from '../roster/files';

export { ATTACHMENT_MAX_BYTES };

/** A file sent up and typed, waiting for its event. */
export interface StagedFile {
  readonly uploadId: string;
  readonly name: string;
}

export type Staging = { readonly ok: true; readonly staged: StagedFile[] } | { readonly ok: false; readonly error: ApiError; readonly name: string };

/** Sends each file in chunks, in order; the first refusal stops (nothing is attached yet). */
export async function stageFiles(files: readonly File[], progress?: (name: string, done: number) => void): Promise<Staging> {
  const staged: StagedFile[] = [];
  for (const [i, file] of files.entries()) {
    progress?.(file.name, i);
    const uploadId = crypto.randomUUID();
    for (let offset = 0; offset < file.size || (offset === 0 && file.size === 0); offset += ATTACHMENT_CHUNK_BYTES) {
      const dataBase64 = await fileToBase64(file.slice(offset, offset + ATTACHMENT_CHUNK_BYTES));
      const r = await api.events.attachUpload({ uploadId, totalBytes: file.size, offset, dataBase64 });
      if (!r.ok) return { ok: false, error: r.error, name: file.name };
      if (file.size === 0) break;
    }
    staged.push({ uploadId, name: file.name });
  }
  return { ok: true, staged };
}

/** Attaches the staged files to the event; the first refusal is returned. */
export async function attachStaged(eventId: string, staged: readonly StagedFile[]): Promise<Result<{ n: number }>> {
  for (const s of staged) {
    const r = await api.events.attach({ eventId, name: s.name, uploadId: s.uploadId });
    if (!r.ok) return r;
  }
  return { ok: true, data: { n: staged.length } };
}

/** A file's size as a person reads it: 12 KB, 3.4 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.max(1, Math.round(n / 1024))} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
