/**
 * 本镇数据导入: a town brought in from its own spreadsheets. The administrator's files come up in
 * chunks (staged in memory, per person, bounded), a preview reads them (nothing is written) and says
 * what would be added, changed and deactivated, with every fault at its place; the apply does it in
 * one kernel command — audited, with the district's person, post and grid ops — and only if the town
 * is still what the preview saw. New accounts get one-time passwords (shown once, never stored in
 * clear, never a command's stored result) that must be changed at the first sign-in.
 */
import { randomUUID } from 'node:crypto';
import type { FileResponse } from '../../../../preload/contract/roster-schemas';
import {
  IMPORT_MAX_LISTED,
  IMPORT_MAX_STAGED_BYTES,
  type ImportApplied,
  type ImportKind,
  type ImportPreview,
  type ImportUploadRequest,
} from '../../../../preload/contract/town-import-schemas';
import { refuse } from '../../errors';
import type { ChangeFeed } from '../../feed';
import type { Actor } from '../../kernel/actor';
import type { Kernel } from '../../kernel/command-runner';
import { newId } from '../../kernel/ids';
import { permit } from '../../kernel/permissions';
import type { TownService } from '../town.service';
import { applyWrites } from './apply';
import { currentFingerprint, snapshot } from './snapshot';
import { parseUpload, type UploadFile } from './parse';
import { planImport, type ImportPlan } from './plan';
import { templateFile } from './templates';

/** A staged upload is forgotten after this long without a chunk; a preview after this long unapplied. */
const UPLOAD_TTL_MS = 15 * 60_000;
const PREVIEW_TTL_MS = 30 * 60_000;

interface Staged {
  readonly actorId: string;
  readonly fileName: string;
  readonly totalBytes: number;
  readonly chunks: Buffer[];
  received: number;
  touched: number;
}

interface Held {
  readonly actorId: string;
  readonly fingerprint: string;
  readonly plan: ImportPlan;
  readonly files: { fileName: string; bytes: number; sha256: string }[];
  readonly at: number;
}

/** What the import asks of sign-in (AuthService satisfies it): a new account's one-time password and hash, a no-account hash. */
export interface ImportAccounts {
  newOneTimePassword(): Promise<{ password: string; hash: string }>;
  noAccountHash(): string;
}

export class TownImportService {
  private readonly uploads = new Map<string, Staged>();
  private readonly previews = new Map<string, Held>();

  constructor(
    private readonly kernel: Kernel,
    private readonly town: TownService,
    private readonly accounts: ImportAccounts,
    private readonly feed: ChangeFeed,
  ) {}

  private now(): number {
    return Date.now();
  }

  private expire(): void {
    const now = this.now();
    for (const [id, u] of this.uploads) if (now - u.touched > UPLOAD_TTL_MS) this.uploads.delete(id);
    for (const [id, p] of this.previews) if (now - p.at > PREVIEW_TTL_MS) this.previews.delete(id);
  }

  /** One chunk of a file, in order. Refused when out of order or past the person's bound. */
  upload(actor: Actor, chunk: Omit<ImportUploadRequest, 'dataBase64'> & { data: Buffer }): { receivedBytes: number } {
    permit(actor, 'importTown');
    this.expire();
    let staged = this.uploads.get(chunk.uploadId);
    if (staged && staged.actorId !== actor.id) refuse('not_found', 'no such upload', { id: chunk.uploadId });
    if (!staged) {
      if (chunk.offset !== 0) refuse('invalid', 'an upload starts at offset 0', { field: 'offset' });
      const mine = [...this.uploads.values()].filter((u) => u.actorId === actor.id).reduce((n, u) => n + u.totalBytes, 0);
      if (mine + chunk.totalBytes > IMPORT_MAX_STAGED_BYTES) refuse('invalid', 'too many bytes staged at once; preview or wait', { field: 'totalBytes' });
      staged = { actorId: actor.id, fileName: chunk.fileName, totalBytes: chunk.totalBytes, chunks: [], received: 0, touched: this.now() };
      this.uploads.set(chunk.uploadId, staged);
    }
    if (chunk.totalBytes !== staged.totalBytes || chunk.fileName !== staged.fileName) refuse('invalid', 'a chunk of another file', { field: 'totalBytes' });
    if (chunk.offset !== staged.received) refuse('invalid', `the next chunk starts at ${staged.received}`, { field: 'offset' });
    if (staged.received + chunk.data.length > staged.totalBytes) refuse('invalid', 'more bytes than the file has', { field: 'totalBytes' });
    staged.chunks.push(chunk.data);
    staged.received += chunk.data.length;
    staged.touched = this.now();
    return { receivedBytes: staged.received };
  }

  /** The preview of staged uploads (each must be complete); the uploads are consumed. */
  async previewUploads(actor: Actor, uploadIds: readonly string[]): Promise<ImportPreview> {
    permit(actor, 'importTown');
    this.expire();
    const files: UploadFile[] = [];
    for (const id of uploadIds) {
      const staged = this.uploads.get(id);
      if (!staged || staged.actorId !== actor.id) refuse('import_stale', 'an upload is no longer held (15 minutes); choose the files again', { reason: 'upload' });
      if (staged.received !== staged.totalBytes) refuse('invalid', `upload ${id} is incomplete`, { field: 'uploadIds' });
      files.push({ fileName: staged.fileName, bytes: Buffer.concat(staged.chunks) });
    }
    for (const id of uploadIds) this.uploads.delete(id);
    return this.preview(actor, files);
  }

  /** Reads the files and compares them with the town; writes nothing. A preview without faults can be applied. */
  async preview(actor: Actor, files: readonly UploadFile[]): Promise<ImportPreview> {
    permit(actor, 'importTown');
    this.expire();
    const parsed = await parseUpload(files);
    const town = await this.kernel.read((sql) => snapshot(sql));
    const plan = planImport(parsed, town, { actorId: actor.id, newId });
    const faults = parsed.faults.list;
    if (files.length === 0) parsed.faults.add('', null, null, null, '没有选择文件。');
    let previewId: string | null = null;
    if (faults.length === 0) {
      previewId = randomUUID();
      // One preview per person: a new one replaces the last.
      for (const [id, p] of this.previews) if (p.actorId === actor.id) this.previews.delete(id);
      this.previews.set(previewId, {
        actorId: actor.id,
        fingerprint: town.fingerprint,
        plan,
        files: parsed.files.map((f) => ({ fileName: f.fileName, bytes: f.bytes, sha256: parsed.digests[f.fileName] ?? '' })),
        at: this.now(),
      });
    }
    return {
      previewId,
      files: parsed.files,
      counts: plan.counts,
      changes: plan.changes.slice(0, IMPORT_MAX_LISTED),
      changesTotal: plan.changes.length,
      faults: faults.slice(0, IMPORT_MAX_LISTED),
      faultsTotal: faults.length,
    };
  }

  /**
   * Does what the preview said, in one command — refused when the preview is gone or the town has
   * changed since it was made. A repeat of the same command id answers its first result (without the
   * passwords, which were shown the first time).
   */
  async apply(actor: Actor, previewId: string): Promise<ImportApplied> {
    permit(actor, 'importTown');
    const spec = { name: 'town.import', actor, permission: 'importTown' as const };
    if (await this.kernel.ranBefore(spec.name)) {
      const first = await this.kernel.run(spec, async (): Promise<ImportApplied> => refuse('import_stale', 'this import already ran'));
      return { ...first, oneTimePasswords: [], repeated: true };
    }
    this.expire();
    const held = this.previews.get(previewId);
    if (!held || held.actorId !== actor.id) refuse('import_stale', 'this preview is no longer held; preview the files again', { reason: 'expired' });
    // The one-time passwords and their hashes, made before the transaction (scrypt is slow on purpose).
    const opened = held.plan.writes.accounts.filter((a) => a.change === 'added');
    const secrets = await Promise.all(opened.map(() => this.accounts.newOneTimePassword()));
    const passwords = opened.map((a, i) => ({ code: a.code, name: a.name, username: a.username, oneTimePassword: secrets[i].password }));
    const oneTime = new Map(opened.map((a, i) => [a.personId, secrets[i].hash]));
    const writes = held.plan.writes;
    let result: ImportApplied;
    try {
      result = await this.kernel.run(spec, async (tx) => {
        if ((await currentFingerprint(tx.sql)) !== held.fingerprint) refuse('import_stale', 'the town changed after the preview; preview again', { reason: 'changed' });
        await applyWrites(tx, writes, { oneTime, none: () => this.accounts.noAccountHash() });
        const codes = (list: readonly { after: { code: string | null; active: boolean }; before: unknown }[]) => list.map((w) => w.after.code).filter(Boolean);
        await tx.audit('town.import', 'town', this.town.town.townCode || null, {
          files: held.files,
          counts: held.plan.counts,
          people: codes(writes.people),
          accounts: writes.accounts.map((a) => ({ username: a.username, change: a.change })),
          posts: codes(writes.posts),
          villages: writes.villages.map((w) => w.after.code),
          grids: writes.grids.map((w) => w.after.code),
          catalogue: writes.items.map((w) => w.after.code),
        });
        // What the kernel keeps as the command's result: never a password.
        return { counts: held.plan.counts, oneTimePasswords: [], repeated: false };
      });
    } finally {
      this.previews.delete(previewId);
    }
    // The town in memory first, then the pages re-read it.
    await this.town.reload();
    this.feed.emit({ topic: 'town' });
    this.feed.emit({ topic: 'accounts' });
    return { ...result, oneTimePasswords: passwords };
  }

  async template(actor: Actor, kind: ImportKind): Promise<FileResponse> {
    permit(actor, 'importTown');
    const file = await templateFile(kind);
    return { fileName: file.fileName, mimeType: file.mimeType, dataBase64: file.bytes.toString('base64') };
  }
}
