/**
 * What happens to the database file before the core opens it: a restore an admin asked for is
 * carried out (the current file set aside, never deleted); the file's integrity is checked; a file
 * that fails is set aside — renamed with its WAL, never overwritten — and the last good backup is
 * offered (the desktop app asks) or used (headless and web console); a file about to be migrated is
 * backed up first.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { backupName, parseBackupName, setAsideName, type BackupKind } from './backup-names';
import type { BackupEntry } from './retention';
import { checkIntegrity, DB_SIDE_FILES, durableRename, fsyncDir, fsyncFile, vacuumInto, type IntegrityResult } from './sqlite-file';

export interface SafetyPaths {
  readonly dbFile: string;
  readonly backupDir: string;
  /** Where damaged or replaced database files are moved to; nothing here is ever deleted by the program. */
  readonly setAsideDir: string;
  /** An admin's restore, staged until the database is closed (the next start). */
  readonly pendingRestoreFile: string;
}

export function safetyPaths(dataDir: string, dbFile: string, backupDir?: string): SafetyPaths {
  return {
    dbFile,
    backupDir: backupDir ?? path.join(dataDir, 'backups'),
    setAsideDir: path.join(dataDir, 'set-aside'),
    pendingRestoreFile: path.join(dataDir, 'restore-pending.json'),
  };
}

export type IntegrityMode = 'full' | 'quick' | 'off';

export interface StartupReport {
  readonly checkedAt: string;
  /** `fresh`: there was no database yet. */
  readonly integrity: 'ok' | 'failed' | 'fresh' | 'skipped';
  readonly integrityMs: number;
  readonly problems: readonly string[];
  /** Where the database that failed (or was replaced by a restore) was moved. */
  readonly setAside: string | null;
  /** The backup the database was restored from at this start, if any. */
  readonly restoredFrom: string | null;
  readonly restoreReason: 'corrupt' | 'requested' | null;
  /** A requested restore that could not be carried out, and why (the database was left as it was). */
  readonly restoreError: string | null;
  /** The backup taken before migrating an older schema. */
  readonly preMigrationBackup: string | null;
  readonly schemaVersion: number | null;
}

/** What to do about a damaged database: restore a backup (by name), start with an empty one, or stop. */
export type CorruptChoice = { readonly restore: string } | 'fresh' | 'abort';

export interface CorruptInfo {
  readonly setAside: string;
  readonly problems: readonly string[];
  /** Backups newest first. */
  readonly backups: readonly BackupEntry[];
}

export interface PrepareOptions {
  readonly paths: SafetyPaths;
  readonly now: () => Date;
  /** The schema version this program migrates to. */
  readonly latestSchema: number;
  readonly integrity?: IntegrityMode;
  /** Asked when the database fails its check; default: the newest backup that passes its own check, else an empty database. */
  readonly onCorrupt?: (info: CorruptInfo) => Promise<CorruptChoice>;
}

export class DatabaseAbandonedError extends Error {
  constructor(readonly setAside: string) {
    super(`the database failed its integrity check and was set aside as ${setAside}; start was stopped`);
    this.name = 'DatabaseAbandonedError';
  }
}

/** Backups in a folder, newest first; anything that is not a complete backup is ignored. */
export function listBackups(dir: string): BackupEntry[] {
  if (!existsSync(dir)) return [];
  const entries: BackupEntry[] = [];
  for (const name of readdirSync(dir)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    try {
      entries.push({ name, kind: parsed.kind, createdAt: parsed.createdAt, bytes: statSync(path.join(dir, name)).size });
    } catch {
      // Deleted between readdir and stat (a rotation running meanwhile).
    }
  }
  return entries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}

/** A backup name must be a plain file name of a backup: no path, nothing else in the folder. */
export function backupPath(dir: string, name: string): string {
  if (!parseBackupName(name) || path.basename(name) !== name) throw new Error(`not a backup name: ${name}`);
  return path.join(dir, name);
}

/** A free name in `dir` from a generator (attempt 0, 1, 2, … until nothing is there). */
export function freeName(dir: string, make: (attempt: number) => string): string {
  for (let attempt = 0; ; attempt++) {
    const name = make(attempt);
    if (!existsSync(path.join(dir, name)) && !existsSync(path.join(dir, `${name}.partial`))) return name;
  }
}

/**
 * Takes a verified copy of a database file: VACUUM INTO a `.partial` file, check it, fsync, rename.
 * Returns the backup's entry; a copy that fails its check is deleted and the error thrown.
 */
export async function copyDatabase(source: string, dir: string, kind: BackupKind, at: Date, check: 'integrity_check' | 'quick_check' = 'integrity_check'): Promise<BackupEntry> {
  mkdirSync(dir, { recursive: true });
  const name = freeName(dir, (attempt) => backupName(at, kind, attempt));
  const partial = path.join(dir, `${name}.partial`);
  try {
    await vacuumInto(source, partial);
    const result = await checkIntegrity(partial, check);
    if (!result.ok) throw new Error(`the new backup failed its own check: ${result.problems.slice(0, 3).join('; ')}`);
    durableRename(partial, path.join(dir, name));
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return { name, kind, createdAt: at.toISOString(), bytes: statSync(path.join(dir, name)).size };
}

/** Moves a database file and its WAL/SHM side files to the set-aside folder under one new name. */
export function setAside(dbFile: string, setAsideDir: string, why: 'corrupt' | 'before-restore', at: Date, note: Record<string, unknown>): string {
  mkdirSync(setAsideDir, { recursive: true });
  const name = freeName(setAsideDir, (attempt) => setAsideName(at, why, attempt));
  const target = path.join(setAsideDir, name);
  writeFileSync(`${target}.json`, `${JSON.stringify({ from: dbFile, why, at: at.toISOString(), ...note }, null, 2)}\n`);
  for (const suffix of DB_SIDE_FILES) {
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, target + suffix);
  }
  if (existsSync(dbFile)) renameSync(dbFile, target);
  fsyncDir(setAsideDir);
  fsyncDir(path.dirname(dbFile));
  return target;
}

/** Puts a copy of a backup where the database goes (the backup itself stays). The place must be free. */
export function installCopy(backupFile: string, dbFile: string): void {
  for (const suffix of DB_SIDE_FILES) {
    if (existsSync(dbFile + suffix)) throw new Error(`${dbFile + suffix} is still there; set the old database aside first`);
  }
  if (existsSync(dbFile)) throw new Error(`${dbFile} is still there; set it aside first`);
  const temp = `${dbFile}.restoring`;
  rmSync(temp, { force: true });
  copyFileSync(backupFile, temp);
  fsyncFile(temp);
  durableRename(temp, dbFile);
}

interface PendingRestore {
  backup: string;
  requestedBy: string | null;
  requestedAt: string;
}

export function readPendingRestore(file: string): PendingRestore | null {
  if (!existsSync(file)) return null;
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<PendingRestore>;
    return typeof value.backup === 'string' ? { backup: value.backup, requestedBy: value.requestedBy ?? null, requestedAt: String(value.requestedAt ?? '') } : null;
  } catch {
    return null;
  }
}

export function writePendingRestore(file: string, pending: PendingRestore): void {
  const temp = `${file}.tmp`;
  writeFileSync(temp, `${JSON.stringify(pending, null, 2)}\n`);
  fsyncFile(temp);
  durableRename(temp, file);
}

async function usableBackup(dir: string, name: string, latestSchema: number): Promise<IntegrityResult> {
  const result = await checkIntegrity(backupPath(dir, name));
  if (result.ok && (result.schemaVersion ?? 0) > latestSchema) {
    return { ...result, ok: false, problems: [`the backup is at schema ${result.schemaVersion}, newer than this program (${latestSchema})`] };
  }
  return result;
}

/** Checks, repairs from backup, restores or backs up the database file; returns what it did. Never overwrites a database. */
export async function prepareDatabase(options: PrepareOptions): Promise<StartupReport> {
  const { paths, now, latestSchema } = options;
  const mode = options.integrity ?? 'full';
  mkdirSync(paths.backupDir, { recursive: true });
  mkdirSync(path.dirname(paths.dbFile), { recursive: true });
  // A backup being written when the process died is not a backup.
  for (const name of readdirSync(paths.backupDir)) if (name.endsWith('.partial')) rmSync(path.join(paths.backupDir, name), { force: true });

  let restoredFrom: string | null = null;
  let restoreReason: StartupReport['restoreReason'] = null;
  let restoreError: string | null = null;
  let setAsidePath: string | null = null;

  // 1. A restore an admin asked for.
  const pending = readPendingRestore(paths.pendingRestoreFile);
  if (pending) {
    try {
      const check = await usableBackup(paths.backupDir, pending.backup, latestSchema);
      if (!check.ok) throw new Error(`backup ${pending.backup} is not usable: ${check.problems.slice(0, 3).join('; ')}`);
      if (existsSync(paths.dbFile)) {
        // The database being replaced stays restorable from the same list, and its file is kept too.
        try {
          await copyDatabase(paths.dbFile, paths.backupDir, 'pre-restore', now(), 'quick_check');
        } catch {
          // A damaged current database cannot be copied; it is still set aside whole below.
        }
      }
      if (existsSync(paths.dbFile) || DB_SIDE_FILES.some((s) => existsSync(paths.dbFile + s))) {
        setAsidePath = setAside(paths.dbFile, paths.setAsideDir, 'before-restore', now(), { restoredFrom: pending.backup, requestedBy: pending.requestedBy });
      }
      installCopy(backupPath(paths.backupDir, pending.backup), paths.dbFile);
      restoredFrom = pending.backup;
      restoreReason = 'requested';
    } catch (error) {
      restoreError = error instanceof Error ? error.message : String(error);
    }
    rmSync(paths.pendingRestoreFile, { force: true });
    fsyncDir(path.dirname(paths.pendingRestoreFile));
  }

  const base = { checkedAt: now().toISOString(), setAside: setAsidePath, restoredFrom, restoreReason, restoreError, preMigrationBackup: null };
  if (!existsSync(paths.dbFile)) {
    return { ...base, integrity: 'fresh', integrityMs: 0, problems: [], schemaVersion: null };
  }

  // 2. The check.
  let result: IntegrityResult;
  if (mode === 'off') {
    result = { ok: true, problems: [], schemaVersion: null, ms: 0 };
  } else {
    result = await checkIntegrity(paths.dbFile, mode === 'quick' ? 'quick_check' : 'integrity_check');
  }

  if (result.ok) {
    // 3. About to migrate an older schema: keep a copy of it as it was.
    let preMigrationBackup: string | null = null;
    const version = result.schemaVersion;
    if (version !== null && version > 0 && version < latestSchema) {
      preMigrationBackup = (await copyDatabase(paths.dbFile, paths.backupDir, 'pre-migration', now(), 'quick_check')).name;
    }
    return { ...base, integrity: mode === 'off' ? 'skipped' : 'ok', integrityMs: result.ms, problems: [], preMigrationBackup, schemaVersion: version };
  }

  // 4. Damaged: set it aside, then a backup (offered or used), else an empty database.
  const damagedAt = setAside(paths.dbFile, paths.setAsideDir, 'corrupt', now(), { problems: result.problems });
  const backups = listBackups(paths.backupDir);
  const choice: CorruptChoice = options.onCorrupt
    ? await options.onCorrupt({ setAside: damagedAt, problems: result.problems, backups })
    : backups.length > 0
      ? { restore: backups[0]!.name }
      : 'fresh';
  if (choice === 'abort') throw new DatabaseAbandonedError(damagedAt);
  let used: string | null = null;
  const problems = [...result.problems];
  if (choice !== 'fresh') {
    // The chosen backup, or (if it fails its own check) the next older one that passes.
    const candidates = [
      choice.restore,
      ...backups.map((b) => b.name).filter((n) => n !== choice.restore && (parseBackupName(n)?.createdAt ?? '') < (parseBackupName(choice.restore)?.createdAt ?? '')),
    ];
    for (const name of candidates) {
      const check = await usableBackup(paths.backupDir, name, latestSchema).catch((e: unknown) => ({ ok: false, problems: [String(e)], schemaVersion: null, ms: 0 }));
      if (check.ok) {
        installCopy(backupPath(paths.backupDir, name), paths.dbFile);
        used = name;
        break;
      }
      problems.push(`backup ${name} is not usable either: ${check.problems.slice(0, 2).join('; ')}`);
    }
  }
  return {
    ...base,
    integrity: 'failed',
    integrityMs: result.ms,
    problems,
    setAside: damagedAt,
    restoredFrom: used,
    restoreReason: used ? 'corrupt' : null,
    schemaVersion: result.schemaVersion,
  };
}
