/**
 * The core assembled: database, town, calendar, events, alarms, the change feed and the SLA sweep.
 * Runs under plain Node (tests, web console, headless) and inside Electron's main process alike.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { EscalationService } from './alarms/escalation.service';
import { LogGateway, type MessageGateway } from './alarms/message-gateway';
import { AlarmHistoryService } from './alarms/alarm-history';
import { AlarmService } from './alarms/alarm.service';
import { SpeechEngine } from './alarms/speech-engine';
import { VoiceService } from './alarms/voice.service';
import { AuthService } from './auth/auth.service';
import { BackupService, DEFAULT_BACKUP_INTERVAL_MS } from './backup/backup.service';
import { prepareDatabase, safetyPaths, type CorruptChoice, type CorruptInfo, type IntegrityMode } from './backup/database-safety';
import type { RetentionPolicy } from './backup/retention';
import { CalendarService } from './calendar/calendar.service';
import { SYSTEM } from './kernel/actor';
import { systemClock, type Clock } from './kernel/clock';
import { Kernel } from './kernel/command-runner';
import { claimNodeId } from './kernel/meta.repository';
import { lastOutboxHlc } from './kernel/outbox.repository';
import { openDataSource } from './db/data-source';
import { assertSqliteEngine } from './db/sqlite-engine';
import { Db, type Sql } from './db/db';
import { MIGRATIONS } from './db/migrations';
import { FOLLOW_UP_RULE } from './events/event-follow-up';
import { EventService } from './events/event.service';
import { ChangeFeed } from './feed';
import { DutyLogService } from './duty-log/duty-log.service';
import { handoverFontFile } from './handover/handover-pdf';
import { HandoverService } from './handover/handover.service';
import { DutyService } from './roster/duty.service';
import { roleKey } from './roster/shift-templates';
import { RosterService } from './roster/roster.service';
import { PlanService } from './plans/plan.service';
import { HybridLogicalClock } from './kernel/hlc';
import { BlobStore } from './sync/blob-store';
import { DistrictLink, fileSecretStore, type SecretStore } from './sync/district-link';
import { SyncWorker, type SyncOptions, type UpsertSink } from './sync/sync-worker';
import { CatalogueRemote } from './town/catalogue-remote';
import { TownService, type TownSetUp } from './town/town.service';
import { TownAdminService } from './town/admin/town-admin.service';
import { TownImportService } from './town/import/town-import.service';
import { CameraService } from './town/cameras/camera.service';
import { CameraLinkage } from './town/cameras/camera-linkage';
import { AuditLog } from './audit/audit-log';
import { HistoryService } from './history/history.service';
import { UpdateService } from './update/update.service';
import { WallService } from './wall/wall.service';
import { AssessmentFigures } from './metrics/figures';
import { MetricsQueries } from './metrics/metrics-queries';
import { MyTasks } from './tasks/my-tasks';
import { DutyReportsService } from './reports/duty-reports.service';
import packageJson from '../../package.json';

export interface CoreOptions {
  /** Where 升级提醒 sends its messages to people's phones (短信/政务通道); default: LogGateway, which only records them. */
  messageGateway?: MessageGateway;
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
  /**
   * On an empty database: seed the demo town (`--demo`, `npm start`), or (default) wait unconfigured for
   * the set-up flow. A database that holds a town keeps it whatever this says.
   */
  demo?: boolean;
  /** Sync with the district; off when absent. The worker starts at once (once the town is set up). */
  sync?: SyncOptions;
  /** The link's timings etc. for a worker made from the saved 上级联网 settings (tests shorten them). */
  syncTuning?: Omit<SyncOptions, 'upstream' | 'token' | 'townCode'>;
  /** Where the district token is kept: Electron's safeStorage (the shell), else a 0600 file in dataDir. */
  secrets?: SecretStore;
  /** Start the sync loop at once (default); tests drive `sync.syncOnce()` themselves. */
  startSync?: boolean;
  /** The program's version (Electron: app.getVersion()); default package.json's. */
  appVersion?: string;
  /** Folder of the backups (default `<dataDir>/backups`; a second disk is better). */
  backupDir?: string;
  /** Real time between scheduled backups (default 4 h); 0 turns the schedule off. */
  backupIntervalMs?: number;
  retention?: RetentionPolicy;
  /** The database check on start (default `full`: PRAGMA integrity_check). */
  integrityCheck?: IntegrityMode;
  /** The database driver (openDataSource's `engine`): benchmarks only, for their raw side. */
  engine?: 'sqlite3' | 'better-sqlite3';
  /** Asked when the database fails its check on start (the desktop app asks the officer); default: the newest good backup. */
  onCorruptDatabase?: (info: CorruptInfo) => Promise<CorruptChoice>;
}

export interface Core {
  readonly db: Db;
  /** The one write path (commands, their audit, outbox and alarms; the feed and sync wake after commit). */
  readonly kernel: Kernel;
  readonly clock: Clock;
  readonly nodeId: string;
  readonly feed: ChangeFeed;
  readonly town: TownService;
  readonly calendar: CalendarService;
  readonly events: EventService;
  readonly alarms: AlarmService;
  /** 告警台's history: who acknowledged what and how fast, and the steps each alarm took (any reader). */
  readonly alarmHistory: AlarmHistoryService;
  /** 升级提醒: the chains, the steps each alarm took, 立即升级; steps go to the message gateway. */
  readonly escalation: EscalationService;
  /** 语音播报: templates, screens, the mute, and the Mandarin speech engine (eSpeak NG in WebAssembly, in a worker). */
  readonly voice: VoiceService;
  readonly auth: AuthService;
  /** The running sync worker, or null when not linked (replaced when 上级联网 changes). */
  readonly sync: SyncWorker | null;
  /** Attachments: blobs kept in `<dataDir>/blobs`, uploaded before the op naming them, fetched from the district on open. */
  readonly blobs: BlobStore;
  /** 上级联网: the district link as an administrator sets it. */
  readonly link: DistrictLink;
  readonly dbFile: string;
  readonly appVersion: string;
  readonly backups: BackupService;
  readonly updates: UpdateService;
  readonly wall: WallService;
  /** The 24-hour watch: rosters and absences, the on-duty board and acting holders, the duty log, the handover. */
  readonly roster: RosterService;
  readonly duty: DutyService;
  readonly dutyLog: DutyLogService;
  readonly handovers: HandoverService;
  /** Contingency plans: templates, proposals, runs, the review. */
  readonly plans: PlanService;
  /** The town kept by hand: people and their accounts, posts with their A and B holders, grids (系统设置). */
  readonly townAdmin: TownAdminService;
  /** 本镇数据导入: the town from its own spreadsheets (preview, then one command). */
  readonly townImport: TownImportService;
  /** 摄像头: the camera register (issue #18), the administrator's; synced as `camera` like `grid`. */
  readonly cameras: CameraService;
  /** 联动: the nearest cameras an event opens on the desk's panel, and their settings (issue #18). */
  readonly cameraLinkage: CameraLinkage;
  /** The audit log viewer's reads (leaders and administrators). */
  readonly audit: AuditLog;
  /** 历史事件: every event found by words and filters, and its export (any reader). */
  readonly history: HistoryService;
  /** 我的任务: a person's own open tasks (events, plan tasks, what was escalated to them). */
  readonly tasks: MyTasks;
  /** 考核评价: the assessment figures (docs/metrics.md), the one place every screen, export and wall panel takes them from. */
  readonly metrics: AssessmentFigures;
  /** 值班日报: daily, weekly and monthly duty reports (on demand, and at each shift's end when its handover is signed), PDF and .xlsx. */
  readonly reports: DutyReportsService;
  /** The town code of the district link (the set-up must use it), or null without one. */
  readonly districtTownCode: string | null;
  /** The first start's set-up (an unconfigured console only): the town and its first administrator. */
  setUpTown(input: TownSetUp): Promise<void>;
  close(): Promise<void>;
}

export const DEFAULT_RESOURCES_DIR = path.resolve(__dirname, '../../resources');

export async function createCore(options: CoreOptions): Promise<Core> {
  // Before any file is opened: a withdrawn or too old SQLite opens nothing (README, "The storage engine").
  await assertSqliteEngine();
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = path.join(options.dataDir, 'duty-desk.sqlite');
  const clock = options.clock ?? systemClock;
  const appVersion = options.appVersion ?? packageJson.version;
  // Before anything opens the file: a staged restore, the integrity check, a backup before migrating.
  const safety = safetyPaths(options.dataDir, dbFile, options.backupDir);
  const startup = await prepareDatabase({
    paths: safety,
    now: () => clock.now(),
    latestSchema: MIGRATIONS.length,
    integrity: options.integrityCheck,
    onCorrupt: options.onCorruptDatabase,
  });
  const dataSource = await openDataSource(dbFile, { engine: options.engine });
  const db = new Db(dataSource);
  const nodeId = await claimNodeId(db, options.nodeId);
  const lastHlc = await db.read(lastOutboxHlc);
  const hlc = new HybridLogicalClock(nodeId, clock, lastHlc);
  const feed = new ChangeFeed();
  // The one write path: every feature below writes through it.
  const kernel = new Kernel(db, clock, hlc, feed);
  const backups = new BackupService(kernel, safety, clock, MIGRATIONS.length, startup, options.retention, options.backupIntervalMs ?? DEFAULT_BACKUP_INTERVAL_MS);
  if (startup.integrity === 'failed' || startup.restoredFrom || startup.restoreError) {
    const action = startup.integrity === 'failed' ? 'database.recovered' : startup.restoreError ? 'database.restore_failed' : 'database.restored';
    await kernel.run({ name: action, actor: SYSTEM, audit: { entity: 'database', entityId: startup.restoredFrom, detail: startup } }, async () => undefined);
  }
  const town = new TownService(kernel, options.resourcesDir ?? DEFAULT_RESOURCES_DIR);
  await town.init({ kdfLogN: options.kdfLogN, demo: options.demo });
  const calendar = new CalendarService(kernel, town.town.workingHours);
  await calendar.init();
  // Acting holders come from the roster from here on (dispatch, one-key dispatch, the posts' info).
  const roster = new RosterService(kernel, town, calendar, feed);
  await roster.init();
  town.setDutyResolver({ now: () => clock.now(), decide: (post, at) => roster.decide(post, at), canAct: (id, post, at) => roster.canAct(id, post, at) });
  const personName = (id: string): string | null => town.people.get(id)?.name ?? null;
  const voice = new VoiceService(kernel, new SpeechEngine(), personName);
  const alarms = new AlarmService(kernel, voice);
  const alarmHistory = new AlarmHistoryService(kernel, personName, (sql, ids) => escalation.stepsOf(sql, ids));
  const events = new EventService(kernel, town, calendar, feed);
  const auth = new AuthService(kernel, { kdfLogN: options.kdfLogN, isDemo: () => town.demo });
  await auth.init();
  if (options.sync && town.configured && options.sync.townCode !== town.town.townCode) {
    await db.close();
    throw new Error(`this console belongs to town ${town.town.townCode}, not ${options.sync.townCode}`);
  }
  // The district link: the sinks are registered here as the parts are built; a worker (from --upstream /
  // the options, or the link saved on 上级联网) is made once every sink is in, and made anew when an
  // administrator changes the link — without restarting the console.
  const sinks = new Map<string, UpsertSink>();
  let sync: SyncWorker | null = null;
  const updates = new UpdateService(kernel, appVersion);
  updates.registerProbe('openAlarms', () => alarms.openCount());
  // 考核评价: every figure in one place; the wall's on-time rates are two of them.
  const metrics = new AssessmentFigures(kernel, town, FOLLOW_UP_RULE);
  // The camera tiles' cameras (issue #18): the register is built below; asked only once the core runs.
  const wall = new WallService(kernel, town, feed, metrics, {
    cameraStates: () => cameras.cameraStates(),
    enabledCameras: () => cameras.enabledCameras(),
    activeLinkage: () => cameraLinkage.active(),
  });
  await wall.init();
  // The duty log asks the handover (built next) whether a shift is signed: called only after construction.
  const dutyLog: DutyLogService = new DutyLogService(kernel, town, roster, { signedShifts: (sql, ids) => handovers.signedShifts(sql, ids) });
  const fontFile = handoverFontFile([options.resourcesDir ?? DEFAULT_RESOURCES_DIR, DEFAULT_RESOURCES_DIR]);
  const handovers = new HandoverService(
    kernel,
    town,
    roster,
    dutyLog,
    fontFile,
    async (actorId) => {
      const entry = await backups.create('handover', actorId);
      return { name: entry.name, bytes: entry.bytes };
    },
    auth,
  );
  const duty = new DutyService(kernel, town, roster, handovers, feed);
  const plans = new PlanService(kernel, town, feed, options.resourcesDir ?? DEFAULT_RESOURCES_DIR, fontFile);
  await plans.init();
  events.onReported(plans.onReported);
  handovers.setPlanSource((sql) => plans.activeForHandover(sql));
  // 挂账数 (issue #15): the wall's live counts and the handover's figures count held events apart with 考核评价's own heldNow.
  const heldQueries = new MetricsQueries();
  const heldNow = async (sql: Sql): Promise<number> => (await heldQueries.heldNow(sql, 'town', town.town.townCode)).reduce((n, r) => n + r.n, 0);
  wall.setHeldSource(heldNow);
  handovers.setHeldSource(heldNow);
  const escalation = new EscalationService({
    kernel,
    clock,
    person: (id) => town.people.get(id) ?? null,
    bHolderOf: (postId) => town.posts.get(postId)?.bPersonId ?? null,
    canAct: (id, postId, at) => {
      const post = town.posts.get(postId);
      return post !== undefined && roster.canAct(id, post, at);
    },
    leaderAt: (ms) => roster.duty.shiftAt(ms)?.slots.get('leader')?.[0] ?? null,
    noteEvent: (tx, actor, eventId, payload) => events.noteIn(tx, actor, eventId, payload),
    passTaskToB: (tx, runId, taskId, personId) => plans.passTaskToB(tx, runId, taskId, personId),
    logTaskStep: (tx, runId, taskId, detail, actorId, at) => plans.logEscalation(tx, runId, taskId, detail, actorId, at),
    gateway: options.messageGateway ?? new LogGateway(kernel),
  });
  updates.registerProbe('runningPlans', () => plans.runningCount());
  // Absences entered on another console of the town (or by the district) count here too: the acting holders follow.
  sinks.set('absence', { apply: (sql, id, payload, h, at) => roster.applyRemoteAbsence(sql, id, payload, h, at), changed: () => roster.absencesChanged() });
  // Rosters and shifts of another console of the town (or the district): a month's plan by HLC, each cell by its own (roster-remote.ts).
  sinks.set('roster', { apply: (sql, id, payload, h, at) => roster.applyRemoteRoster(sql, id, payload, h, at), changed: () => roster.rosterChanged() });
  sinks.set('shift', { apply: (sql, id, payload, h, at) => roster.applyRemoteShift(sql, id, payload, h, at), changed: () => roster.rosterChanged() });
  sinks.set('dutyLog', {
    apply: (sql, id, payload, h, at) => dutyLog.applyRemote(sql, id, payload, h, at),
    changed: async () => feed.emit({ topic: 'roster', parts: ['dutyLog'] }),
  });
  sinks.set('handover', {
    apply: (sql, id, payload, h, at) => handovers.applyRemote(sql, id, payload, h, at),
    changed: async () => feed.emit({ topic: 'roster', parts: ['handover'] }),
    merges: true,
  });
  // The district's catalogue: a higher version replaces the one here; open events keep the limits they started with (catalogue-remote.ts).
  const catalogue = new CatalogueRemote(town, kernel.hlc);
  sinks.set('catalogue', {
    apply: (sql, id, payload, h, at) => catalogue.apply(sql, id, payload, h, at),
    changed: async () => {
      await town.reload();
      feed.emit({ topic: 'town' });
    },
  });
  // The town's people, posts and grids made on another console of the town (or by the district): folded in by HLC.
  const townAdmin = new TownAdminService(kernel, town, auth, feed);
  const townImport = new TownImportService(kernel, town, auth, feed);
  const audit = new AuditLog(kernel, town);
  // The pinyin initials of each new event's title go into the history index in the transaction that records it.
  const history = new HistoryService(kernel, town);
  events.onReported(history.onReported);
  const tasks = new MyTasks(kernel, town);
  // 值班日报: reads the figures, 告警记录, the roster and the handovers through their own parts; a report is made after each signed handover.
  const reports = new DutyReportsService(
    kernel,
    {
      town: () => ({
        townCode: town.town.townCode,
        centreName: town.town.centreName,
        categoryOf: (code) => {
          const item = town.catalogue.get(code);
          return item ? { code: item.categoryCode, name: item.categoryName } : null;
        },
        gridName: (code) => town.grids.get(code)?.name ?? null,
        postName: (id) => town.posts.get(id)?.name ?? null,
        personName,
      }),
      figures: (range) => metrics.compute('town', range),
      alarms: (range) => alarmHistory.history(SYSTEM, { ...range, limit: 10_000 }),
      shifts: (fromMs, toMs) =>
        roster.duty.shiftsBetween(fromMs, toMs).map((s) => ({
          date: s.date,
          name: s.name,
          startMs: s.startMs,
          endMs: s.endMs,
          roles: s.roles.map((role) => ({ label: role.label, personIds: (s.slots.get(roleKey(role)) ?? []).filter((id): id is string => id !== null) })),
        })),
      handovers: async (months) => (await Promise.all(months.map((month) => handovers.list(SYSTEM, month, 500)))).flat(),
    },
    fontFile,
  );
  sinks.set('person', { apply: (sql, id, payload, h, at) => townAdmin.applyRemotePerson(sql, id, payload, h, at), changed: () => townAdmin.remoteChanged() });
  sinks.set('post', { apply: (sql, id, payload, h, at) => townAdmin.applyRemotePost(sql, id, payload, h, at), changed: () => townAdmin.remoteChanged() });
  sinks.set('grid', { apply: (sql, id, payload, h, at) => townAdmin.applyRemoteGrid(sql, id, payload, h, at), changed: () => townAdmin.remoteChanged() });
  const cameras = new CameraService(kernel, feed);
  sinks.set('camera', { apply: (sql, id, payload, h, at) => cameras.applyRemote(sql, id, payload, h, at), changed: async () => cameras.changed() });
  // 联动 reads the event through the events feature's own detail (as the caller may see it).
  const cameraLinkage = new CameraLinkage(
    kernel,
    (actor, eventId) => events.detail(actor, eventId),
    (since) => events.linkageCandidates(since),
  );
  sinks.set('planTemplate', { apply: (sql, id, payload, h, at) => plans.applyDistrictTemplate(sql, id, payload, h, at), changed: () => plans.templatesChanged() });
  // Plan runs of another console of the town: each task the further state, an ended run final, a drill stays a drill (plan-run-remote.ts).
  // Wall layouts of another console of the town: the newest HLC wins the layout whole; viewer tokens and wall settings stay here (wall-remote.ts).
  sinks.set('wallLayout', { apply: (sql, id, payload, h, at) => wall.applyRemoteLayout(sql, id, payload, h, at), changed: () => wall.layoutsChanged() });
  sinks.set('planRun', { apply: (sql, id, payload, h) => plans.applyRemoteRun(sql, id, payload, h), changed: () => plans.runsChanged(), merges: true });
  // Every commit that wrote an op for the district wakes the worker (not the UI's feed topics).
  kernel.onOutbox(() => sync?.poke());
  const blobs = new BlobStore(path.join(options.dataDir, 'blobs'), () => sync?.blobRemote ?? null);
  events.keepAttachmentsIn(blobs);
  const makeWorker = (settings: SyncOptions): SyncWorker => {
    const worker = new SyncWorker(kernel, events, feed, clock, nodeId, settings, blobs);
    for (const [entity, sink] of sinks) worker.setUpsertSink(entity, sink);
    return worker;
  };
  const secrets = options.secrets ?? fileSecretStore(options.dataDir);
  const link = new DistrictLink(kernel, secrets, {
    nodeId,
    ownTownCode: () => (town.configured ? town.town.townCode : null),
    running: () => sync !== null,
    async apply(settings) {
      const old = sync;
      sync = null;
      await old?.stop();
      if (settings) {
        sync = makeWorker({ ...options.syncTuning, ...settings });
        if (options.startSync !== false && town.configured) sync.start();
      }
      feed.emit({ topic: 'sync' });
    },
  });
  // The options' link (tests, headless, `--upstream`) or else the one saved on 上级联网.
  const saved = options.sync ? null : await link.saved();
  if (saved && town.configured && saved.townCode !== town.town.townCode)
    console.error(`the saved district link is for town ${saved.townCode}, not ${town.town.townCode}: not started`);
  else if (options.sync || saved) sync = makeWorker(options.sync ?? { ...options.syncTuning, ...saved! });

  // ---- start: only once every part is built and every sink and hook is registered ----------------
  // An unconfigured console links up once its set-up is done (the set-up refuses another town's code).
  if (options.startSync !== false) town.onConfigured(() => sync?.start());
  backups.startSchedule();

  // One sweep at a time; a sweep asked for while one runs (a clock jump mid-sweep) runs once more after
  // it, so a clock that moved on is never left unswept.
  let sweeping: Promise<void> | null = null;
  let again = false;
  const sweepOnce = async (): Promise<void> => {
    try {
      await events.sweep();
      await plans.sweep();
      await escalation.sweep();
      await kernel.prune();
      await db.checkpoint();
    } catch (error) {
      console.error('SLA sweep failed', error);
    }
    try {
      // The watch on the same tick: shift reminders and notices, roster alarms, handover drafts.
      await duty.tick();
    } catch (error) {
      console.error('duty watch failed', error);
    }
  };
  const sweep = (): Promise<void> => {
    if (sweeping) {
      again = true;
      return sweeping;
    }
    sweeping = (async () => {
      do {
        again = false;
        await sweepOnce();
      } while (again);
    })().finally(() => {
      sweeping = null;
    });
    return sweeping;
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
    kernel,
    clock,
    nodeId,
    feed,
    town,
    calendar,
    events,
    alarms,
    alarmHistory,
    escalation,
    voice,
    auth,
    get sync() {
      return sync;
    },
    blobs,
    link,
    dbFile,
    appVersion,
    backups,
    updates,
    wall,
    roster,
    duty,
    dutyLog,
    handovers,
    plans,
    townAdmin,
    townImport,
    cameras,
    cameraLinkage,
    audit,
    history,
    tasks,
    metrics,
    reports,
    get districtTownCode() {
      return options.sync?.townCode ?? saved?.townCode ?? null;
    },
    setUpTown: async (input) => town.setUp(input, { kdfLogN: options.kdfLogN, districtTownCode: options.sync?.townCode ?? (await link.settings())?.townCode }),
    async close() {
      updates.stop();
      await voice.engine.close();
      await backups.stop();
      await sync?.stop();
      if (timer) clearInterval(timer);
      offJump?.();
      roster.dispose();
      await db.close();
    },
  };
}
