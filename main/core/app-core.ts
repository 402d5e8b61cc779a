/**
 * The core assembled: database, town, calendar, events, alarms, the change feed and the SLA sweep.
 * Runs under plain Node (tests, web console, headless) and inside Electron's main process alike.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AlarmService } from './alarms/alarm.service';
import { AuthService } from './auth/auth.service';
import { CalendarService } from './calendar/calendar.service';
import { systemClock, type Clock } from './clock';
import { openDataSource } from './db/data-source';
import { Db } from './db/db';
import { EventService } from './events/event.service';
import { ChangeFeed } from './feed';
import { HybridLogicalClock } from './sync/hlc';
import { SyncWorker, type SyncOptions } from './sync/sync-worker';
import { TownService } from './town/town.service';

export interface CoreOptions {
  /** Folder of the database file (created if missing). */
  dataDir: string;
  /** The app's resources folder (demo town, fonts…). */
  resourcesDir?: string;
  clock?: Clock;
  /** Cost of the password KDF (log2 N); tests lower it. */
  kdfLogN?: number;
  /** How often the SLA sweep runs in real time; 0 turns the timer off (tests call sweep()). */
  sweepIntervalMs?: number;
  /** Run the SLA sweep as soon as a manual clock jumps (default on; unit tests call sweep() themselves). */
  sweepOnClockJump?: boolean;
  /** This console's node id (a UUID) on first start; a database keeps the one it was made with. */
  nodeId?: string;
  /** Sync with the district; off when absent. The worker starts at once. */
  sync?: SyncOptions;
  /** Start the sync loop at once (default); tests drive `sync.syncOnce()` themselves. */
  startSync?: boolean;
}

export interface Core {
  readonly db: Db;
  readonly clock: Clock;
  readonly nodeId: string;
  readonly feed: ChangeFeed;
  readonly town: TownService;
  readonly calendar: CalendarService;
  readonly events: EventService;
  readonly alarms: AlarmService;
  readonly auth: AuthService;
  readonly sync: SyncWorker | null;
  readonly dbFile: string;
  close(): Promise<void>;
}

export const DEFAULT_RESOURCES_DIR = path.resolve(__dirname, '../../resources');

export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = path.join(options.dataDir, 'duty-desk.sqlite');
  const clock = options.clock ?? systemClock;
  const dataSource = await openDataSource(dbFile);
  const db = new Db(dataSource);
  const feed = new ChangeFeed();
  const town = new TownService(db, options.resourcesDir ?? DEFAULT_RESOURCES_DIR);
  await town.init({ kdfLogN: options.kdfLogN });
  const nodeId = await db.write(async (sql) => {
    const row = await sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = 'node_id'`);
    if (row) {
      if (options.nodeId && options.nodeId !== row.value) {
        throw new Error(`this database belongs to node ${row.value}, not ${options.nodeId}`);
      }
      return row.value;
    }
    const id = options.nodeId ?? randomUUID();
    await sql.run(`INSERT INTO meta (key, value) VALUES ('node_id', ?)`, [id]);
    return id;
  });
  const lastHlc = await db.read((sql) => sql.get<{ hlc: string }>(`SELECT hlc FROM outbox ORDER BY seq DESC LIMIT 1`));
  const hlc = new HybridLogicalClock(nodeId, clock, lastHlc?.hlc);
  const calendar = new CalendarService(db, clock, feed, town.town.workingHours);
  await calendar.init();
  const alarms = new AlarmService(db);
  const events = new EventService(db, town, calendar, clock, hlc, feed, alarms);
  const auth = new AuthService(db, clock);
  if (options.sync && options.sync.townCode !== town.town.townCode) {
    await db.close();
    throw new Error(`this console belongs to town ${town.town.townCode}, not ${options.sync.townCode}`);
  }
  const sync = options.sync ? new SyncWorker(db, events, feed, clock, nodeId, options.sync) : null;
  if (options.startSync !== false) sync?.start();

  let sweeping = false;
  const sweep = async (): Promise<void> => {
    if (sweeping) return;
    sweeping = true;
    try {
      await events.sweep();
    } catch (error) {
      console.error('SLA sweep failed', error);
    } finally {
      sweeping = false;
    }
  };
  const interval = options.sweepIntervalMs ?? 5000;
  const timer = interval > 0 ? setInterval(() => void sweep(), interval) : null;
  timer?.unref();
  const offJump = clock.onJump?.(() => {
    feed.emit({ topic: 'clock', now: clock.now().toISOString() });
    if (options.sweepOnClockJump !== false) void sweep();
  });

  return {
    db,
    clock,
    nodeId,
    feed,
    town,
    calendar,
    events,
    alarms,
    auth,
    sync,
    dbFile,
    async close() {
      await sync?.stop();
      if (timer) clearInterval(timer);
      offJump?.();
      await db.close();
    },
  };
}
