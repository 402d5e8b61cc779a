/**
 * Consoles of the sample town 白鹭镇 (resources/sample-town; never the demo town) for the tests of
 * set-up, import and sync and for the sync benchmarks.
 *
 * `sampleTownCore(options)` opens a console core of the town: once per process, a console on an empty
 * data folder is set up as 白鹭镇 with its first administrator (core.setUpTown) and imports the town's
 * own files (sampleFiles(): the importer's preview, then its apply, as an administrator does it), and
 * every imported account's holder changes their one-time password to SAMPLE_PASSWORD (as at their
 * first sign-in; the administrator keeps SET_UP's); every console a test opens starts as a copy of
 * that database. So the consoles of a test are one town: the
 * same people, posts, grids and catalogue under the same ids, as if the town had been entered once and
 * had reached every console through the district. The copy is made as the district would have left it:
 * its outbox empty (the town's records are no work left to send) and no node id yet (each console
 * claims its own on first open). A data folder that already holds a database is opened as it is.
 *
 * `sampleTown(core)` finds people and records by role and post, never by an id written in a test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createCore, type Core, type CoreOptions } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import type { PostRecord } from '../../main/core/town/town.service';
import type { Role } from '../../preload/contract/schemas';
import type { ImportApplied } from '../../preload/contract/town-import-schemas';
import { SAMPLE_DIR, sampleFiles } from './sample-town';

/** resources/sample-town/town.json: the town's code and names, as the first start's set-up asks for them. */
export const SAMPLE_TOWN = JSON.parse(readFileSync(path.join(SAMPLE_DIR, 'town.json'), 'utf8')) as { townCode: string; name: string };

export const SET_UP = {
  townCode: SAMPLE_TOWN.townCode,
  townName: SAMPLE_TOWN.name,
  // The set-up's administrator is 郑海燕 (BL001), whose account the sample town's accounts sheet names.
  admin: { name: '郑海燕', username: 'zhenghaiyan', password: 'bailu-2026-admin' },
};

/** The password of every imported account once its holder has changed the one-time one (a test signs with it). */
export const SAMPLE_PASSWORD = 'bailu-2026-duty';

/** The database file's name in a data folder (createCore's). */
const DB_FILE = 'duty-desk.sqlite';
/** The copied town's records are this old: before every test's clock, so nothing a test does is older. */
const SEEDED_AT = '2025-06-01T00:00:00.000Z';

const actorOf = (p: Actor): Actor => ({ id: p.id, roles: p.roles });

/** Sets an unconfigured console up as 白鹭镇 with its first administrator (the first start's set-up); returns that administrator. */
export async function setUpSampleTown(core: Core): Promise<Actor> {
  await core.setUpTown(SET_UP);
  return actorOf([...core.town.people.values()].find((p) => p.username === SET_UP.admin.username)!);
}

/** Imports the sample town's files as `admin` does it: the preview, then its apply. */
export async function importSampleTown(core: Core, admin: Actor): Promise<ImportApplied> {
  const preview = await core.townImport.preview(admin, sampleFiles());
  if (preview.faults.length > 0 || !preview.previewId) throw new Error(`the sample town does not import: ${JSON.stringify(preview.faults)}`);
  return core.townImport.apply(admin, preview.previewId);
}

let seeded: Promise<{ bytes: Buffer; town: SampleTown }> | null = null;

/**
 * The database of a console set up as 白鹭镇 that imported the town's files, and what it holds: made
 * once per process, kept in memory (its folder is removed at once).
 */
function seed(): Promise<{ bytes: Buffer; town: SampleTown }> {
  seeded ??= (async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-sample-town-'));
    try {
      const core = await createCore({
        dataDir: dir,
        clock: new ManualClock(SEEDED_AT),
        kdfLogN: 10,
        sweepIntervalMs: 0,
        sweepOnClockJump: false,
        backupIntervalMs: 0,
        startSync: false,
      });
      let town: SampleTown;
      try {
        const applied = await importSampleTown(core, await setUpSampleTown(core));
        for (const account of applied.oneTimePasswords) {
          const person = [...core.town.people.values()].find((p) => p.username === account.username)!;
          await core.auth.changePassword(actorOf(person), account.oneTimePassword, SAMPLE_PASSWORD);
        }
        town = sampleTown(core);
      } finally {
        await core.close();
      }
      const file = path.join(dir, DB_FILE);
      const db = new Database(file);
      try {
        db.exec(`DELETE FROM outbox; DELETE FROM meta WHERE key = 'node_id'; PRAGMA wal_checkpoint(TRUNCATE);`);
      } finally {
        db.close(); // the last connection: the WAL is folded in and removed
      }
      return { bytes: readFileSync(file), town };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return seeded;
}

/**
 * The sample town as every console of it holds it (the same ids in each copy): for what a test makes
 * before any console is open, such as the district's ops.
 */
export async function sampleTownSeed(): Promise<SampleTown> {
  return (await seed()).town;
}

/**
 * A console core of the sample town on `options.dataDir`: a copy of the imported town when the folder
 * holds no database yet, else the database it holds (a console reopened after a close or a restore).
 */
export async function sampleTownCore(options: Omit<CoreOptions, 'demo'>): Promise<Core> {
  const file = path.join(options.dataDir, DB_FILE);
  if (!existsSync(file)) {
    const { bytes } = await seed();
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(file, bytes);
  }
  return createCore(options);
}

/** A post with its A and B holders (both active people). */
export interface HeldPost {
  readonly post: PostRecord;
  readonly a: Actor;
  readonly b: Actor;
}

/** The sample town as a console holds it, by role and post. */
export interface SampleTown {
  /** The first administrator (the set-up's). */
  readonly admin: Actor;
  /** Duty officers (officer only, with an account), by username. */
  readonly officers: readonly Actor[];
  readonly officer: Actor;
  /** Duty leaders (with an account), by username. */
  readonly leader: Actor;
  /** Active posts, in code order. */
  readonly posts: readonly PostRecord[];
  /** The first active post (by code) with an A and a B holder. */
  readonly heldPost: HeldPost;
  /** Active grid codes, in code order. */
  readonly gridCodes: readonly string[];
  /** Active catalogue items of the general level with a lead and cooperating posts, in code order. */
  readonly itemCodes: readonly string[];
  readonly gridCode: string;
  readonly itemCode: string;
  /** Active catalogue items by the sensor type whose alerts they take (`methane`, `smoke`, …), the first by code. */
  readonly sensorItemCodes: Readonly<Record<string, string>>;
}

export function sampleTown(core: Core): SampleTown {
  const town = core.town;
  const people = [...town.people.values()].filter((p) => p.active && p.username).sort((x, y) => x.username.localeCompare(y.username));
  const withRole = (role: Role, only = false): Actor[] => people.filter((p) => p.roles.includes(role) && (!only || p.roles.length === 1)).map(actorOf);
  const officers = withRole('officer', true);
  const leaders = withRole('leader');
  const admin = [...town.people.values()].find((p) => p.username === SET_UP.admin.username);
  const posts = [...town.posts.values()].filter((p) => p.active !== false).sort((x, y) => x.code.localeCompare(y.code));
  const post = posts.filter((p) => p.aPersonId && p.bPersonId).find((p) => town.people.get(p.aPersonId!)?.active && town.people.get(p.bPersonId!)?.active);
  const gridCodes = [...town.grids.entries()]
    .filter(([, g]) => g.active !== false)
    .map(([code]) => code)
    .sort();
  const itemCodes = [...town.catalogue.values()]
    .filter((i) => i.active !== false && i.defaultLevel === 'general' && i.leadPostId && i.cooperatingPostIds.length > 0)
    .map((i) => i.code)
    .sort();
  const sensorItemCodes: Record<string, string> = {};
  for (const item of [...town.catalogue.values()].filter((i) => i.active !== false).sort((x, y) => x.code.localeCompare(y.code))) {
    for (const type of item.sensorTypes) sensorItemCodes[type] ??= item.code;
  }
  if (!admin || officers.length < 2 || leaders.length === 0 || !post || gridCodes.length === 0 || itemCodes.length < 3) {
    throw new Error('this console does not hold the sample town (sampleTownCore opens one)');
  }
  return {
    admin: actorOf(admin),
    officers,
    officer: officers[0]!,
    leader: leaders[0]!,
    posts,
    heldPost: { post, a: actorOf(town.people.get(post.aPersonId!)!), b: actorOf(town.people.get(post.bPersonId!)!) },
    gridCodes,
    itemCodes,
    gridCode: gridCodes[0]!,
    itemCode: itemCodes[0]!,
    sensorItemCodes,
  };
}
