/**
 * The API's shapes for running the product: backups and restore, update settings and status, and
 * the editing mark that holds an update back. Admin-only except the editing mark.
 */
import { z } from 'zod';

export const BackupKind = z.enum(['scheduled', 'manual', 'handover', 'pre-migration', 'pre-restore']);
export type BackupKind = z.infer<typeof BackupKind>;

/** `duty-desk-20261123T010000123Z-handover.sqlite` (optionally with `-N` before `.sqlite`). */
export const BackupName = z
  .string()
  .max(120)
  .regex(/^duty-desk-\d{8}T\d{9}Z-(scheduled|manual|handover|pre-migration|pre-restore)(-\d+)?\.sqlite$/, 'not a backup name');

export const BackupEntry = z.object({ name: z.string(), kind: BackupKind, createdAt: z.string(), bytes: z.number() });
export type BackupEntry = z.infer<typeof BackupEntry>;

export const StartupReport = z.object({
  checkedAt: z.string(),
  integrity: z.enum(['ok', 'failed', 'fresh', 'skipped']),
  integrityMs: z.number(),
  problems: z.array(z.string()).readonly(),
  setAside: z.string().nullable(),
  restoredFrom: z.string().nullable(),
  restoreReason: z.enum(['corrupt', 'requested']).nullable(),
  restoreError: z.string().nullable(),
  preMigrationBackup: z.string().nullable(),
  schemaVersion: z.number().nullable(),
});

export const BackupOverview = z.object({
  dir: z.string(),
  intervalHours: z.number(),
  backups: z.array(BackupEntry).readonly(),
  pendingRestore: z.string().nullable(),
  startup: StartupReport.nullable(),
  lastError: z.string().nullable(),
  /** What rotation keeps: the newest N per kind, the newest of each of the last `dailyDays` days, an optional size budget. */
  retention: z.object({ keep: z.record(BackupKind, z.number()), dailyDays: z.number(), maxTotalBytes: z.number().nullable() }),
  /** The database engine this console runs on (checked at every start) and the oldest it accepts. */
  sqlite: z.object({ version: z.string(), minimum: z.string() }),
});
export type BackupOverview = z.infer<typeof BackupOverview>;

export const RestoreRequest = z.strictObject({ name: BackupName });
/** `restarting`: the desktop app restarts at once to carry it out; otherwise it happens at the next start. */
export const RestoreResponse = z.object({ restarting: z.boolean() });

export const UpdateSettings = z.strictObject({
  feedUrl: z.string().trim().max(500).nullable(),
  pinnedVersion: z.string().trim().max(64).nullable(),
  checkEveryHours: z.number().int().min(1).max(168),
  /** Windows: the code-signing publishers an update must be signed by (the certificate's CN). */
  publisherNames: z.array(z.string().trim().min(1).max(200)).max(5).default([]),
});
export type UpdateSettings = z.infer<typeof UpdateSettings>;

const Blocker = z.enum(['alarm_open', 'plan_running', 'event_editing']);

const UpdateChoice = z.union([
  z.object({
    take: z.literal(false),
    reason: z.enum(['no_feed', 'up_to_date', 'no_downgrade', 'at_pinned_version', 'pinned_not_offered', 'bad_version']),
    offered: z.string().nullable(),
  }),
  z.object({ take: z.literal(true), version: z.string(), downgrade: z.boolean() }),
]);

export const UpdateStatus = z.object({
  currentVersion: z.string(),
  settings: z.object({ feedUrl: z.string().nullable(), pinnedVersion: z.string().nullable(), checkEveryHours: z.number(), publisherNames: z.array(z.string()).readonly() }),
  canInstall: z.boolean(),
  lastCheckAt: z.string().nullable(),
  nextCheckAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** What the last failure was: the feed, the download, no Windows publisher configured, or a signature that did not match. */
  lastErrorKind: z.enum(['feed', 'download', 'publisher_missing', 'signature']).nullable(),
  offered: z.object({ version: z.string(), releaseDate: z.string().nullable() }).nullable(),
  choice: UpdateChoice.nullable(),
  downloading: z.string().nullable(),
  downloaded: z.string().nullable(),
  blockedBy: z.array(Blocker).readonly(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const InstallDecision = z.union([
  z.object({ install: z.literal('no'), reason: z.enum(['nothing_downloaded', 'wait_for_handover', 'desk_busy']), blockedBy: z.array(Blocker).readonly() }),
  z.object({ install: z.literal('offer'), version: z.string() }),
  z.object({ install: z.literal('now'), version: z.string(), restart: z.boolean() }),
]);

export const EditingRequest = z.strictObject({ editing: z.boolean() });
