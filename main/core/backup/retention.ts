/**
 * Which backups to keep: the newest few of each kind, the newest of each of the last days, and never
 * the newest of all; optionally under a total size. A pure function of the list, so the rotation
 * can be tested without a single file.
 */
import { beijingDate } from './backup-names';
import type { BackupKind } from './backup-names';

export interface BackupEntry {
  readonly name: string;
  readonly kind: BackupKind;
  /** ISO time the backup was taken. */
  readonly createdAt: string;
  readonly bytes: number;
}

export interface RetentionPolicy {
  /** Newest backups kept per kind. */
  readonly keep: Readonly<Record<BackupKind, number>>;
  /** Also keep the newest backup of each of this many most recent Beijing calendar days. */
  readonly dailyDays: number;
  /** Delete the oldest (beyond the newest per kind) until the rest fit; null: no limit. */
  readonly maxTotalBytes: number | null;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  // Every 4 h → two days of scheduled ones; two shifts a day → a week of handovers.
  keep: { scheduled: 12, handover: 14, manual: 10, 'pre-migration': 3, 'pre-restore': 3 },
  dailyDays: 14,
  maxTotalBytes: null,
};

/** The names to delete, oldest first. */
export function backupsToDelete(backups: readonly BackupEntry[], policy: RetentionPolicy = DEFAULT_RETENTION): string[] {
  const newestFirst = [...backups].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
  if (newestFirst.length === 0) return [];
  const keep = new Set<string>();
  // The newest of all, whatever it is: a rotation must never leave the desk without a backup.
  keep.add(newestFirst[0]!.name);
  // The newest of each kind, always (the size budget cannot take these).
  const newestOfKind = new Set<string>();
  const perKind = new Map<BackupKind, number>();
  for (const b of newestFirst) {
    const n = perKind.get(b.kind) ?? 0;
    if (n === 0) newestOfKind.add(b.name);
    if (n < (policy.keep[b.kind] ?? 0)) keep.add(b.name);
    perKind.set(b.kind, n + 1);
  }
  // The newest of each of the last `dailyDays` days that have a backup.
  const days = new Set<string>();
  for (const b of newestFirst) {
    const day = beijingDate(b.createdAt);
    if (days.has(day)) continue;
    if (days.size >= policy.dailyDays) break;
    days.add(day);
    keep.add(b.name);
  }
  const protectedNames = new Set([newestFirst[0]!.name, ...newestOfKind]);
  if (policy.maxTotalBytes !== null) {
    let total = newestFirst.filter((b) => keep.has(b.name)).reduce((s, b) => s + b.bytes, 0);
    for (const b of [...newestFirst].reverse()) {
      if (total <= policy.maxTotalBytes) break;
      if (!keep.has(b.name) || protectedNames.has(b.name)) continue;
      keep.delete(b.name);
      total -= b.bytes;
    }
  }
  return newestFirst
    .filter((b) => !keep.has(b.name))
    .reverse()
    .map((b) => b.name);
}
