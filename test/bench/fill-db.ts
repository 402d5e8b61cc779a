/**
 * The benchmark's database: the core creates the schema and seeds the demo town, then
 * better-sqlite3 writes the events straight into the same file in one transaction. The filled file
 * is cached under os.tmpdir(), keyed by schema version, generator version and row counts, so a
 * second run copies it instead of filling again.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_RESOURCES_DIR } from '../../main/core/app-core';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { docKeySql } from '../../main/core/db/migrations/0012-history';
import { eventParams, INSERT_EVENT_SQL } from '../../main/core/events/event.repository';
import { pinyinInitials } from '../../main/core/pinyin-initials';
import { makeCore, MONDAY_9AM } from '../support/core';
import { EventFactory, GENERATOR_VERSION, townData } from './event-factory';

export const DB_FILE_NAME = 'duty-desk.sqlite';
export const SCHEMA_VERSION = MIGRATIONS.length;
/**
 * A short hash of the migrations' code: an unreleased migration may still change under the same
 * schema version, and a stale cached file must not survive that.
 */
export const SCHEMA_HASH = createHash('sha256')
  .update(MIGRATIONS.map((m) => m.toString()).join('\n'))
  .digest('hex')
  .slice(0, 8);
/** The benchmark's "now": the test helpers' Monday 09:00 Beijing time. */
export const BENCH_NOW = MONDAY_9AM;

export interface FillInfo {
  rows: number;
  open: number;
  schemaVersion: number;
  generatorVersion: number;
  filledAt: string;
  fillSeconds: number;
}

export interface FilledDb {
  /** The cached, filled file (never written by the benchmark itself). */
  cacheFile: string;
  /** True when the file was already there. */
  cached: boolean;
  info: FillInfo;
}

export function cacheDir(): string {
  return path.join(os.tmpdir(), 'duty-desk-bench');
}

export function cacheFileFor(rows: number, open: number): string {
  return path.join(cacheDir(), `events-schema${SCHEMA_VERSION}-${SCHEMA_HASH}-gen${GENERATOR_VERSION}-${rows}rows-${open}open.sqlite`);
}

function readInfo(file: string): FillInfo | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare(`SELECT value FROM meta WHERE key = 'bench_fill'`).get() as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as FillInfo) : null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

export async function ensureFilledDb(opts: { rows: number; open: number; fresh: boolean; log: (line: string) => void }): Promise<FilledDb> {
  const cacheFile = cacheFileFor(opts.rows, opts.open);
  mkdirSync(cacheDir(), { recursive: true });
  if (!opts.fresh && existsSync(cacheFile)) {
    const info = readInfo(cacheFile);
    if (info && info.rows === opts.rows && info.open === opts.open && info.schemaVersion === SCHEMA_VERSION && info.generatorVersion === GENERATOR_VERSION) {
      return { cacheFile, cached: true, info };
    }
    opts.log(`cached file ${cacheFile} is incomplete or stale; filling again`);
  }

  const started = performance.now();
  const buildDir = path.join(cacheDir(), `build-${process.pid}-${Date.now()}`);
  mkdirSync(buildDir, { recursive: true });
  try {
    // 1. The core creates the schema (migrations) and seeds the demo town, as in the product.
    const t = await makeCore(BENCH_NOW, buildDir);
    const town = townData(t.core.town, DEFAULT_RESOURCES_DIR);
    const nodeId = t.core.nodeId;
    await t.close();

    // 2. better-sqlite3 writes the events into the same file, in one transaction, with no journal.
    const file = path.join(buildDir, DB_FILE_NAME);
    const db = new Database(file);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('cache_size = -1000000');
    const insert = db.prepare(INSERT_EVENT_SQL);
    // The history's search key with the title's initials, put before the event (the program writes the
    // initials in its report hook): its insert trigger then indexes the event once (migration 0012).
    const searchKey = db.prepare(`INSERT INTO event_doc (doc, event_id, initials) VALUES (${docKeySql('$at')}, $id, $initials)`);
    const initials = new Map<string, string>();
    const factory = new EventFactory(town, nodeId, 20261123);
    const now = Date.parse(BENCH_NOW);
    const closedCount = opts.rows - opts.open;
    const span = 3 * 365 * 24 * 3600_000;
    const firstClosed = now - span;
    const lastClosed = now - 2 * 3600_000;
    const step = (lastClosed - firstClosed) / Math.max(1, closedCount);
    const openAges = factory.openAges(opts.open);
    let c = 0;
    let o = 0;
    let written = 0;
    let lastLog = performance.now();
    db.exec('BEGIN');
    // Chronological order (rowids follow time, as in a real database): merge the two streams.
    while (c < closedCount || o < opts.open) {
      const closedAt = c < closedCount ? firstClosed + c * step + step * 0.5 : Infinity;
      const openAt = o < opts.open ? now - openAges[o]! : Infinity;
      const e = closedAt <= openAt ? factory.make(Math.round(closedAt), false, now) : factory.make(Math.round(openAt), true, now);
      if (closedAt <= openAt) c++;
      else o++;
      let titleInitials = initials.get(e.title);
      if (titleInitials === undefined) initials.set(e.title, (titleInitials = pinyinInitials(e.title)));
      searchKey.run({ at: e.reported_at, id: e.id, initials: titleInitials });
      insert.run(eventParams(e));
      written++;
      if (written % 100_000 === 0 || performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        opts.log(`  filled ${written.toLocaleString('en')} / ${opts.rows.toLocaleString('en')} events (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
    const info: FillInfo = {
      rows: opts.rows,
      open: opts.open,
      schemaVersion: SCHEMA_VERSION,
      generatorVersion: GENERATOR_VERSION,
      filledAt: new Date().toISOString(),
      fillSeconds: 0,
    };
    info.fillSeconds = Math.round((performance.now() - started) / 100) / 10;
    db.prepare(`INSERT INTO meta (key, value) VALUES ('bench_fill', ?)`).run(JSON.stringify(info));
    db.exec('COMMIT');
    opts.log(`  committed; switching the file back to WAL`);
    db.pragma('locking_mode = NORMAL');
    db.pragma('journal_mode = WAL');
    db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(file + suffix, { force: true });
    flush(file);
    renameSync(file, cacheFile);
    removeStale(cacheFile, opts.rows, opts.open);
    return { cacheFile, cached: false, info };
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
}

/**
 * Removes cached fills of the same size made for an older schema or generator (each is hundreds
 * of MB), and build folders of fills that were killed more than a day ago.
 */
function removeStale(keep: string, rows: number, open: number): void {
  const suffix = `-${rows}rows-${open}open.sqlite`;
  for (const name of readdirSync(cacheDir())) {
    const full = path.join(cacheDir(), name);
    if (name.startsWith('events-') && /-\d+rows-\d+open\.sqlite(-wal|-shm)?$/.test(name) && name.includes(suffix.slice(0, -'.sqlite'.length)) && !full.startsWith(keep))
      rmSync(full, { force: true });
    else if (name.startsWith('build-') && Date.now() - statSync(full).mtimeMs > 24 * 3600_000) rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Writes a file's dirty pages to disk now, so that the kernel's writeback of hundreds of MB does
 * not compete with the measured fsyncs later.
 */
function flush(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A private copy of the cached file for one run (the run changes and grows it). */
export function copyForRun(cacheFile: string, runDir: string): string {
  mkdirSync(runDir, { recursive: true });
  const file = path.join(runDir, DB_FILE_NAME);
  copyFileSync(cacheFile, file, constants.COPYFILE_FICLONE);
  flush(file);
  return file;
}
