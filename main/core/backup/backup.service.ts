/**
 * Online backups while the desk runs: every few hours, on demand (an admin), and at every signed
 * handover (the handover service calls `create('handover', …)`). Each is a verified `VACUUM INTO`
 * copy taken on a connection of its own, so commands go on meanwhile; old ones are rotated away.
 * A restore is staged here and carried out by the next start (database-safety.ts), when no
 * connection holds the file: the desktop app restarts itself at once.
 */
import { existsSync, rmSync } from 'node:fs';
import { MINIMUM_SQLITE, sqliteVersion } from '../db/sqlite-engine';
import { refuse } from '../errors';
import { SYSTEM } from '../kernel/actor';
import type { Clock } from '../kernel/clock';
import type { Kernel } from '../kernel/command-runner';
import { withCommandScope } from '../kernel/command-scope';
import type { BackupKind } from './backup-names';
import { backupPath, copyDatabase, listBackups, readPendingRestore, writePendingRestore, type SafetyPaths, type StartupReport } from './database-safety';
import { backupsToDelete, DEFAULT_RETENTION, type BackupEntry, type RetentionPolicy } from './retention';
import { checkIntegrity } from './sqlite-file';

export const DEFAULT_BACKUP_INTERVAL_MS = 4 * 3600_000;
/** The first scheduled backup of a run waits a little, so it does not compete with the start itself. */
export const FIRST_BACKUP_DELAY_MS = 5 * 60_000;

/** How long until the next scheduled backup: `interval` after the newest backup of any kind, but not before `minDelay`. */
export function nextBackupDelay(newestAt: string | null, now: Date, intervalMs: number, minDelayMs = FIRST_BACKUP_DELAY_MS): number {
  if (!newestAt) return minDelayMs;
  return Math.max(minDelayMs, Date.parse(newestAt) + intervalMs - now.getTime());
}

export interface BackupOverview {
  readonly dir: string;
  readonly intervalHours: number;
  readonly backups: readonly BackupEntry[];
  /** A restore staged for the next start. */
  readonly pendingRestore: string | null;
  /** What the checks at this start found and did. */
  readonly startup: StartupReport | null;
  readonly lastError: string | null;
  /** What rotation keeps (shown to the admin next to the list). */
  readonly retention: RetentionPolicy;
  /** The SQLite this console runs on (checked at every start) and the oldest it accepts. */
  readonly sqlite: { readonly version: string; readonly minimum: string };
}

export class BackupService {
  private running: Promise<BackupEntry> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private readonly restartListeners = new Set<() => void>();
  private stopped = false;

  constructor(
    private readonly kernel: Kernel,
    readonly paths: SafetyPaths,
    private readonly clock: Clock,
    readonly latestSchema: number,
    readonly startup: StartupReport | null,
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
    readonly intervalMs: number = DEFAULT_BACKUP_INTERVAL_MS,
  ) {}

  async list(): Promise<BackupEntry[]> {
    return listBackups(this.paths.backupDir);
  }

  async overview(): Promise<BackupOverview> {
    return {
      dir: this.paths.backupDir,
      intervalHours: Math.round((this.intervalMs / 3600_000) * 100) / 100,
      backups: await this.list(),
      pendingRestore: readPendingRestore(this.paths.pendingRestoreFile)?.backup ?? null,
      startup: this.startup,
      lastError: this.lastError,
      retention: this.policy,
      sqlite: { version: await sqliteVersion(), minimum: MINIMUM_SQLITE },
    };
  }

  /**
   * Takes a backup now and rotates old ones. One at a time: a second call while one runs waits for
   * it and then takes its own (a handover's backup must contain the handover).
   */
  async create(kind: BackupKind, actorId: string | null = null): Promise<BackupEntry> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.takeBackup(kind, actorId);
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  private async takeBackup(kind: BackupKind, actorId: string | null): Promise<BackupEntry> {
    try {
      const entry = await copyDatabase(this.paths.dbFile, this.paths.backupDir, kind, this.clock.now());
      const deleted = this.rotate();
      await this.audit(actorId, 'backup.create', entry.name, { kind, bytes: entry.bytes, rotatedAway: deleted });
      this.lastError = null;
      return entry;
    } catch (error) {
      this.lastError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** Deletes what the retention policy no longer keeps; returns the names. */
  rotate(): string[] {
    const doomed = backupsToDelete(listBackups(this.paths.backupDir), this.policy);
    for (const name of doomed) rmSync(backupPath(this.paths.backupDir, name), { force: true });
    return doomed;
  }

  /**
   * Stages a restore from one of the listed backups (checked first) for the next start, and asks
   * the front door to restart. The current database is set aside then, never deleted. Returns
   * whether a front door restarts now (the desktop app) or the restore waits for the next start.
   */
  async stageRestore(name: string, actorId: string | null): Promise<boolean> {
    let file: string;
    try {
      file = backupPath(this.paths.backupDir, name);
    } catch {
      refuse('not_found', `no backup ${name}`, { name });
    }
    if (!existsSync(file)) refuse('not_found', `no backup ${name}`, { name });
    const check = await checkIntegrity(file);
    if (!check.ok) refuse('invalid', `backup ${name} fails its integrity check: ${check.problems.slice(0, 2).join('; ')}`, { name });
    if ((check.schemaVersion ?? 0) > this.latestSchema) refuse('invalid', `backup ${name} was made by a newer program`, { name });
    writePendingRestore(this.paths.pendingRestoreFile, { backup: name, requestedBy: actorId, requestedAt: this.clock.now().toISOString() });
    await this.audit(actorId, 'backup.restore_requested', name, {});
    const listeners = [...this.restartListeners];
    for (const listener of listeners) listener();
    return listeners.length > 0;
  }

  /** The front door restarts the core (Electron: relaunches the app) when a restore is staged. */
  onRestartRequested(listener: () => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Scheduled backups every `intervalMs` of real time, counted from the newest backup. */
  startSchedule(): void {
    if (this.intervalMs <= 0 || this.stopped) return;
    const newest = listBackups(this.paths.backupDir)[0]?.createdAt ?? null;
    const delay = Math.min(nextBackupDelay(newest, this.clock.now(), this.intervalMs), 2 ** 31 - 1);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.create('scheduled')
        .catch((error: unknown) => console.error('scheduled backup failed', error))
        .finally(() => this.startSchedule());
    }, delay);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a backup that is being written. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** The audit row of a backup or a staged restore: a kernel command of its own (the file work is outside any transaction). */
  private async audit(actorId: string | null, action: string, name: string, detail: Record<string, unknown>): Promise<void> {
    // The door checked the person's role; a scheduled or handover backup is the system's. Every file
    // made is audited, so a repeated client command id does not replay (the copy itself is not a command).
    const actor = actorId ? { id: actorId, roles: [] } : SYSTEM;
    await withCommandScope({}, () => this.kernel.run({ name: action, actor, audit: { entity: 'backup', entityId: name, detail } }, async () => undefined));
  }
}
