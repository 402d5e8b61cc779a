/**
 * Data safety: online backups taken while commands run (consistent, verified, rotated), a restore
 * staged by an admin and carried out at the next start (the current file set aside, never
 * deleted), and a database that fails its integrity check on start — set aside byte for byte and
 * replaced by the newest good backup (or asked about, or an empty database).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { backupName, parseBackupName } from '../../main/core/backup/backup-names';
import { nextBackupDelay } from '../../main/core/backup/backup.service';
import { DatabaseAbandonedError } from '../../main/core/backup/database-safety';
import { backupsToDelete, DEFAULT_RETENTION, type BackupEntry } from '../../main/core/backup/retention';
import { checkIntegrity } from '../../main/core/backup/sqlite-file';
import { createCore, type CoreOptions } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { callApi, type Session } from '../../main/ipc/handlers';
import { makeCore, MONDAY_9AM, type TestCore } from '../support/core';

const dirs: string[] = [];
const open: TestCore[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.core.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-backup-'));
  dirs.push(d);
  return d;
}

async function core(dir: string, extra: Partial<CoreOptions> = {}, start = MONDAY_9AM): Promise<TestCore> {
  const t = await makeCoreIn(dir, extra, start);
  open.push(t);
  return t;
}

/** makeCore with extra options (the helper takes none): a real core on `dir`. */
async function makeCoreIn(dir: string, extra: Partial<CoreOptions>, start: string): Promise<TestCore> {
  if (Object.keys(extra).length === 0) return makeCore(start, dir);
  const clock = new ManualClock(start);
  const c = await createCore({ demo: true, dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, ...extra });
  const officer = [...c.town.people.values()].find((p) => p.roles.includes('officer'))!;
  const admin = [...c.town.people.values()].find((p) => p.roles.includes('admin'))!;
  const actor = (p: typeof officer) => ({ id: p.id, roles: p.roles });
  return {
    core: c,
    clock,
    dir,
    officer: actor(officer),
    officer2: actor(officer),
    leader: actor(officer),
    admin: actor(admin),
    wall: actor(officer),
    staffOf: () => actor(officer),
    close: () => c.close(),
  };
}

async function report(t: TestCore, title: string): Promise<string> {
  return t.core.events.report(t.officer, { title, categoryCode: 'SAFE-001', level: 'general', source: 'phone' });
}

function titles(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT title FROM event ORDER BY reported_at, title`).all() as { title: string }[]).map((r) => r.title);
  } finally {
    db.close();
  }
}

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Scribbles over a few pages in the middle of the file, as a failing disk would. */
function damage(file: string): void {
  const size = statSync(file).size;
  const fd = openSync(file, 'r+');
  try {
    const junk = Buffer.alloc(4096 * 3, 0xa5);
    writeSync(fd, junk, 0, junk.length, Math.floor(size / 2 / 4096) * 4096);
  } finally {
    closeSync(fd);
  }
}

async function adminSession(t: TestCore): Promise<Session> {
  const session: Session = { actor: null };
  expect(await callApi(t.core, session, 'session:login', { username: 'admin', password: DEMO_PASSWORD })).toMatchObject({ ok: true });
  return session;
}

describe('backup names and rotation (pure)', () => {
  it('names say kind and time, and nothing else parses', () => {
    const name = backupName(new Date('2026-11-23T01:02:03.456Z'), 'handover');
    expect(name).toBe('duty-desk-20261123T010203456Z-handover.sqlite');
    expect(parseBackupName(name)).toEqual({ kind: 'handover', createdAt: '2026-11-23T01:02:03.456Z' });
    expect(parseBackupName(backupName(new Date('2026-11-23T01:02:03.456Z'), 'manual', 2))).toMatchObject({ kind: 'manual' });
    for (const other of ['duty-desk.sqlite', 'x.sqlite', `${name}.partial`, '../duty-desk-20261123T010203456Z-manual.sqlite', 'duty-desk-20261123T010203456Z-weird.sqlite']) {
      expect(parseBackupName(other), other).toBeNull();
    }
  });

  it('keeps the newest per kind and one per day, never the newest of all, and fits a size budget', () => {
    const at = (h: number) => new Date(Date.parse('2026-11-01T00:00:00Z') + h * 3600_000);
    const list: BackupEntry[] = [];
    // Ten days of a backup every 4 h, and a handover twice a day.
    for (let h = 0; h < 240; h += 4) list.push({ name: backupName(at(h), 'scheduled'), kind: 'scheduled', createdAt: at(h).toISOString(), bytes: 100 });
    for (let h = 1; h < 240; h += 12) list.push({ name: backupName(at(h), 'handover'), kind: 'handover', createdAt: at(h).toISOString(), bytes: 100 });
    list.push({ name: backupName(at(2), 'pre-migration'), kind: 'pre-migration', createdAt: at(2).toISOString(), bytes: 100 });
    const doomed = new Set(backupsToDelete(list));
    const kept = list.filter((b) => !doomed.has(b.name));
    expect(kept.filter((b) => b.kind === 'scheduled').length).toBeGreaterThanOrEqual(DEFAULT_RETENTION.keep.scheduled);
    expect(kept.filter((b) => b.kind === 'handover').length).toBeGreaterThanOrEqual(DEFAULT_RETENTION.keep.handover);
    for (const b of list.filter((x) => x.kind === 'handover').slice(-DEFAULT_RETENTION.keep.handover)) expect(doomed.has(b.name)).toBe(false);
    expect(kept.some((b) => b.kind === 'pre-migration')).toBe(true);
    // One per day for the ten days (Beijing dates).
    const days = new Set(kept.map((b) => new Date(Date.parse(b.createdAt) + 8 * 3600_000).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(10);
    // The newest scheduled ones are the ones kept.
    const newestScheduled = list.filter((b) => b.kind === 'scheduled').slice(-DEFAULT_RETENTION.keep.scheduled);
    for (const b of newestScheduled) expect(doomed.has(b.name)).toBe(false);

    // A budget: the oldest go first, but never the newest of a kind.
    const budget = backupsToDelete(list, { ...DEFAULT_RETENTION, maxTotalBytes: 500 });
    const left = list.filter((b) => !budget.includes(b.name));
    expect(left.reduce((s, b) => s + b.bytes, 0)).toBeLessThanOrEqual(500);
    expect(left.map((b) => b.kind).sort()).toEqual(expect.arrayContaining(['handover', 'pre-migration', 'scheduled']));
    expect(backupsToDelete([])).toEqual([]);
    expect(backupsToDelete(list.slice(0, 1), { keep: { scheduled: 0, handover: 0, manual: 0, 'pre-migration': 0, 'pre-restore': 0 }, dailyDays: 0, maxTotalBytes: 0 })).toEqual([]);
  });

  it('schedules the next backup an interval after the newest, but not during start', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(nextBackupDelay(null, now, 4 * 3600_000, 300_000)).toBe(300_000);
    expect(nextBackupDelay('2026-11-23T08:00:00.000Z', now, 4 * 3600_000, 300_000)).toBe(2 * 3600_000);
    expect(nextBackupDelay('2026-11-20T08:00:00.000Z', now, 4 * 3600_000, 300_000)).toBe(300_000);
  });
});

describe('online backups', () => {
  it('are consistent snapshots taken while commands keep running, verified, and listed for the admin', async () => {
    const t = await core(tempDir());
    for (let i = 0; i < 20; i++) await report(t, `before ${i}`);
    let stop = false;
    let written = 0;
    let slowest = 0;
    const load = (async () => {
      while (!stop) {
        const started = performance.now();
        await report(t, `during ${written}`);
        slowest = Math.max(slowest, performance.now() - started);
        written++;
      }
    })();
    const entry = await t.core.backups.create('manual', t.admin.id);
    t.clock.advance(1000);
    const second = await t.core.backups.create('handover', t.admin.id);
    stop = true;
    await load;
    expect(written).toBeGreaterThan(0);
    for (const b of [entry, second]) {
      const file = path.join(t.core.backups.paths.backupDir, b.name);
      expect((await checkIntegrity(file)).ok).toBe(true);
      // Every event in the copy has its timeline entry and its outbox op: whole transactions only.
      const db = new Database(file, { readonly: true });
      const counts = db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM event) AS events, (SELECT COUNT(*) FROM event_timeline WHERE action = 'report') AS timeline, (SELECT COUNT(*) FROM outbox WHERE action = 'report') AS outbox`,
        )
        .get() as { events: number; timeline: number; outbox: number };
      db.close();
      expect(counts.events).toBeGreaterThanOrEqual(20);
      expect(counts.timeline).toBe(counts.events);
      expect(counts.outbox).toBe(counts.events);
    }
    expect(readdirSync(t.core.backups.paths.backupDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    const session = await adminSession(t);
    const listed = await callApi(t.core, session, 'backup:list', {}, { checkResponses: true });
    expect(listed).toMatchObject({
      ok: true,
      data: {
        backups: [
          { name: second.name, kind: 'handover' },
          { name: entry.name, kind: 'manual' },
        ],
        pendingRestore: null,
        startup: { integrity: 'fresh' },
      },
    });
    // The settings page shows what rotation keeps.
    expect(listed).toMatchObject({
      ok: true,
      data: { intervalHours: 4, retention: { keep: { scheduled: 12, handover: 14, manual: 10, 'pre-migration': 3, 'pre-restore': 3 }, dailyDays: 14, maxTotalBytes: null } },
    });
    const created = await callApi(t.core, session, 'backup:create', {}, { checkResponses: true });
    expect(created).toMatchObject({ ok: true, data: { kind: 'manual' } });
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'backup'`));
    expect(audit).toHaveLength(3);
  });

  it('rotate away what the policy no longer keeps', async () => {
    const t = await core(tempDir(), { retention: { keep: { scheduled: 3, handover: 2, manual: 1, 'pre-migration': 1, 'pre-restore': 1 }, dailyDays: 0, maxTotalBytes: null } });
    for (let i = 0; i < 6; i++) {
      await t.core.backups.create('scheduled');
      t.clock.advance(4 * 3600_000);
    }
    await t.core.backups.create('manual');
    const kinds = (await t.core.backups.list()).map((b) => b.kind);
    expect(kinds).toEqual(['manual', 'scheduled', 'scheduled', 'scheduled']);
  });
});

describe('restore from a backup', () => {
  it('is staged by an admin, carried out at the next start, and keeps the database it replaced', async () => {
    const dir = tempDir();
    const t = await core(dir);
    await report(t, 'A 在备份之前');
    const backup = await t.core.backups.create('manual');
    await report(t, 'B 在备份之后');
    const session = await adminSession(t);
    expect(await callApi(t.core, session, 'backup:restore', { name: 'duty-desk-20990101T000000000Z-manual.sqlite' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await callApi(t.core, session, 'backup:restore', { name: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    let restartAsked = 0;
    t.core.backups.onRestartRequested(() => restartAsked++);
    expect(await callApi(t.core, session, 'backup:restore', { name: backup.name }, { checkResponses: true })).toEqual({ ok: true, data: { restarting: true } });
    expect(restartAsked).toBe(1);
    expect((await t.core.backups.overview()).pendingRestore).toBe(backup.name);
    // Until the restart the desk keeps working on the current database.
    await report(t, 'C 在重启之前');
    await t.core.close();
    open.length = 0;

    const again = await core(dir);
    const startup = again.core.backups.startup!;
    expect(startup).toMatchObject({ restoredFrom: backup.name, restoreReason: 'requested', integrity: 'ok', restoreError: null });
    const rows = await again.core.db.read((sql) => sql.all<{ title: string }>(`SELECT title FROM event ORDER BY title`));
    expect(rows.map((r) => r.title)).toEqual(['A 在备份之前']);
    // What it replaced: set aside whole, and restorable from the same list.
    expect(titles(startup.setAside!)).toEqual(expect.arrayContaining(['A 在备份之前', 'B 在备份之后', 'C 在重启之前']));
    const preRestore = (await again.core.backups.list()).find((b) => b.kind === 'pre-restore')!;
    expect(titles(path.join(again.core.backups.paths.backupDir, preRestore.name))).toHaveLength(3);
    expect(existsSync(path.join(dir, 'restore-pending.json'))).toBe(false);
    const audit = await again.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'database.%'`));
    expect(audit.map((a) => a.action)).toEqual(['database.restored']);
  });

  it('a restore interrupted after the old file was set aside completes at the next start', async () => {
    const dir = tempDir();
    const t = await core(dir);
    await report(t, 'A');
    const backup = await t.core.backups.create('manual');
    await report(t, 'B');
    await t.core.backups.stageRestore(backup.name, t.admin.id);
    await t.core.close();
    open.length = 0;
    // The power went after the old file had been moved away: no database, the marker still there.
    rmSync(path.join(dir, 'duty-desk.sqlite'));
    const again = await core(dir);
    expect(again.core.backups.startup).toMatchObject({ restoredFrom: backup.name });
    expect(titles(again.core.dbFile)).toEqual(['A']);
  });

  it('a staged backup that has gone bad is refused at start and the database is left as it was', async () => {
    const dir = tempDir();
    const t = await core(dir);
    await report(t, 'A');
    const backup = await t.core.backups.create('manual');
    await report(t, 'B');
    await t.core.backups.stageRestore(backup.name, t.admin.id);
    await t.core.close();
    open.length = 0;
    damage(path.join(dir, 'backups', backup.name));
    const again = await core(dir);
    expect(again.core.backups.startup!.restoreError).toMatch(/not usable/);
    expect(titles(again.core.dbFile)).toEqual(['A', 'B']);
  });
});

describe('a database that fails integrity_check on start', () => {
  async function damagedDesk(withBackup: boolean): Promise<{ dir: string; backup: string | null; hash: string }> {
    const dir = tempDir();
    const t = await core(dir);
    for (let i = 0; i < 30; i++) await report(t, `事件 ${i}`);
    const backup = withBackup ? (await t.core.backups.create('scheduled')).name : null;
    for (let i = 0; i < 5; i++) await report(t, `备份后 ${i}`);
    await t.core.close();
    open.length = 0;
    const file = path.join(dir, 'duty-desk.sqlite');
    damage(file);
    return { dir, backup, hash: sha(file) };
  }

  it('is set aside byte for byte and the newest good backup is used', async () => {
    const { dir, backup, hash } = await damagedDesk(true);
    const t = await core(dir);
    const startup = t.core.backups.startup!;
    expect(startup.integrity).toBe('failed');
    expect(startup.problems.length).toBeGreaterThan(0);
    expect(startup.restoredFrom).toBe(backup);
    expect(startup.restoreReason).toBe('corrupt');
    expect(sha(startup.setAside!)).toBe(hash);
    expect(JSON.parse(readFileSync(`${startup.setAside}.json`, 'utf8'))).toMatchObject({ why: 'corrupt' });
    const n = await t.core.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM event`));
    expect(n?.n).toBe(30);
    // The desk works on the restored database, and the backup itself is untouched and still listed.
    await report(t, '恢复后');
    expect((await t.core.backups.list()).map((b) => b.name)).toContain(backup);
    expect((await checkIntegrity(t.core.dbFile)).ok).toBe(true);
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action LIKE 'database.%'`));
    expect(audit.map((a) => a.action)).toEqual(['database.recovered']);
  });

  it('is offered to the officer first: restore, start empty, or stop (never overwritten in any case)', async () => {
    const { dir, backup, hash } = await damagedDesk(true);
    const offered: string[] = [];
    await expect(
      createCore({ demo: true, dataDir: dir, kdfLogN: 10, sweepIntervalMs: 0, onCorruptDatabase: async (info) => (offered.push(...info.backups.map((b) => b.name)), 'abort') }),
    ).rejects.toThrow(DatabaseAbandonedError);
    expect(offered).toEqual([backup]);
    expect(existsSync(path.join(dir, 'duty-desk.sqlite'))).toBe(false);
    const setAside = readdirSync(path.join(dir, 'set-aside')).filter((n) => n.endsWith('.sqlite'));
    expect(setAside).toHaveLength(1);
    expect(sha(path.join(dir, 'set-aside', setAside[0]!))).toBe(hash);

    // Next start the file is gone, so it starts empty (the town is seeded again).
    const t = await core(dir);
    expect(t.core.backups.startup!.integrity).toBe('fresh');
    expect(await t.core.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM event`))).toEqual({ n: 0 });
  });

  it('with no backup at all, starts with an empty database and keeps the damaged one', async () => {
    const { dir, hash } = await damagedDesk(false);
    const t = await core(dir);
    const startup = t.core.backups.startup!;
    expect(startup).toMatchObject({ integrity: 'failed', restoredFrom: null });
    expect(sha(startup.setAside!)).toBe(hash);
    expect(t.core.town.people.size).toBeGreaterThan(0);
  });

  it('skips a backup that fails its own check and takes the next older good one', async () => {
    const dir = tempDir();
    const t = await core(dir);
    await report(t, 'old');
    const older = await t.core.backups.create('scheduled');
    t.clock.advance(3600_000);
    await report(t, 'new');
    const newer = await t.core.backups.create('scheduled');
    await t.core.close();
    open.length = 0;
    damage(path.join(dir, 'duty-desk.sqlite'));
    writeFileSync(path.join(dir, 'backups', newer.name), 'not a database at all');
    const again = await core(dir);
    expect(again.core.backups.startup!.restoredFrom).toBe(older.name);
    expect(again.core.backups.startup!.problems.join('\n')).toContain(newer.name);
    expect(titles(again.core.dbFile)).toEqual(['old']);
  });

  it('a file that is not a database at all (garbage header) is treated the same way', async () => {
    const dir = tempDir();
    const t = await core(dir);
    await report(t, 'x');
    await t.core.backups.create('manual');
    await t.core.close();
    open.length = 0;
    const file = path.join(dir, 'duty-desk.sqlite');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('this is not sqlite at all'), 0, 25, 0);
    closeSync(fd);
    const again = await core(dir);
    expect(again.core.backups.startup).toMatchObject({ integrity: 'failed', restoreReason: 'corrupt' });
    expect(titles(again.core.dbFile)).toEqual(['x']);
  });
});
