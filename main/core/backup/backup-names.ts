/**
 * A backup's file name says what it is: `duty-desk-20261123T010000123Z-handover.sqlite` — taken
 * at 2026-11-23 01:00:00.123 UTC, at a handover. Only complete, verified copies get such a name
 * (they are written under a `.partial` name first), so the listing is the folder itself.
 */
import { beijingDate as beijingDateOf } from '../beijing-time';

export const BACKUP_KINDS = ['scheduled', 'manual', 'handover', 'pre-migration', 'pre-restore'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

const NAME = /^duty-desk-(\d{8})T(\d{9})Z-(scheduled|manual|handover|pre-migration|pre-restore)(?:-(\d+))?\.sqlite$/;

export function backupName(at: Date, kind: BackupKind, attempt = 0): string {
  const iso = at.toISOString(); // 2026-11-23T01:00:00.123Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 23).replaceAll(':', '').replace('.', '')}Z`;
  return `duty-desk-${stamp}-${kind}${attempt > 0 ? `-${attempt}` : ''}.sqlite`;
}

/** The kind and time of a backup from its name; null for any other file. */
export function parseBackupName(name: string): { kind: BackupKind; createdAt: string } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, d, t, kind] = m as unknown as [string, string, string, BackupKind];
  const createdAt = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}.${t.slice(6, 9)}Z`;
  return Number.isNaN(Date.parse(createdAt)) ? null : { kind, createdAt };
}

export function beijingDate(iso: string): string {
  return beijingDateOf(new Date(iso));
}

/** A name for a file set aside (never overwritten: a counter is added if the name is taken). */
export function setAsideName(at: Date, why: 'corrupt' | 'before-restore', attempt = 0): string {
  const iso = at.toISOString().replaceAll(':', '').replace('.', '');
  return `duty-desk-${iso}-${why}${attempt > 0 ? `-${attempt}` : ''}.sqlite`;
}
