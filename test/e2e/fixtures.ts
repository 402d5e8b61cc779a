/**
 * E2E fixtures: every test gets a fresh data folder, an in-process core on a manual clock, and the
 * web console serving the built renderer on 127.0.0.1 — all torn down after the test whatever
 * happens. A network guard fails the test if the page reaches anywhere but 127.0.0.1, and page
 * errors (a crash, a CSP refusal) fail it too.
 *
 * The core is loaded through tsx rather than Playwright's own transform: the entities use
 * TypeScript's legacy decorators, which Playwright's Babel pipeline compiles differently.
 */
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import type { Level, Source } from '../../preload/contract';

type AppCoreModule = typeof import('../../main/core/app-core');
type ClockModule = typeof import('../../main/core/kernel/clock');
type ServerModule = typeof import('../../main/web/server');
type Core = import('../../main/core/app-core').Core;
type ManualClock = import('../../main/core/kernel/clock').ManualClock;
type WebConsole = import('../../main/web/server').WebConsole;
type DistrictModule = typeof import('../district/server');
type DistrictServer = import('../district/server').DistrictServer;
type SampleTownModule = typeof import('../support/sample-town-core');
export type Actor = import('../../main/core/kernel/actor').Actor;
export type SampleTown = import('../support/sample-town-core').SampleTown;
type PersonRecord = import('../../main/core/town/town.service').PersonRecord;

const { createCore } = tsxRequire('../../main/core/app-core', __filename) as AppCoreModule;
const { ManualClock } = tsxRequire('../../main/core/kernel/clock', __filename) as ClockModule;
const { startWebConsole } = tsxRequire('../../main/web/server', __filename) as ServerModule;
const { startDistrictServer } = tsxRequire('../district/server', __filename) as DistrictModule;
const { sampleTownCore, sampleTown, SAMPLE_PASSWORD, SAMPLE_TOWN, SET_UP } = tsxRequire('../support/sample-town-core', __filename) as SampleTownModule;

/** Monday 2026-11-23 09:00 Beijing time: a working day, inside working hours. */
export const START = '2026-11-23T01:00:00Z';
export const PASSWORD = 'duty1234';
/** The built renderer; DD_RENDERER_DIR points at another build (e.g. a deliberately broken one, to see a test fail). */
const RENDERER_DIR = process.env.DD_RENDERER_DIR ? path.resolve(process.env.DD_RENDERER_DIR) : path.resolve(__dirname, '../../out/renderer');

export interface Desk {
  core: Core;
  clock: ManualClock;
  web: WebConsole;
  /** The actor behind a username of the console's town (for seeding through core services). */
  actor(username: string): Actor;
  /** Reports an event through the core, as the first officer unless told otherwise. */
  report(input: SeedEvent, as?: string): Promise<string>;
  /** Accepts and dispatches along the catalogue's proposal. */
  dispatch(eventId: string, as?: string): Promise<void>;
  /** The username `signIn`, `report` and `dispatch` use unless told otherwise: the town's first officer. */
  readonly officer: string;
  /** The password an account of this console signs in with. */
  passwordOf(username: string): string;
}

/**
 * A console of the sample town 白鹭镇 (never the demo town): set up and imported (sampleTownCore), every
 * imported account's password SAMPLE_PASSWORD, the administrator's SET_UP's. People by role, item and
 * grid codes come from `town` (sampleTown(core)), never from ids written in a test.
 */
export interface TownDesk extends Desk {
  readonly town: SampleTown;
  /** The person behind an actor of the town (their username and name, as the screens show them). */
  person(actor: Actor): PersonRecord;
}

export interface SeedEvent {
  title: string;
  categoryCode: string;
  level: Level;
  source?: Source;
  gridCode?: string;
  description?: string;
  reportedAt?: string;
  location?: { lng: number; lat: number };
  callerName?: string;
  callerPhone?: string;
}

/** The sample town's code (resources/sample-town/town.json: the sync desk's town) and the fixed nodes and tokens of the district fixture. */
export const TOWN_CODE = SAMPLE_TOWN.townCode;
export const CONSOLE_NODE = 'c0000000-0000-4000-8000-0000000000c1';
export const DISTRICT_NODE = 'd0000000-0000-4000-8000-0000000000d1';
export const CONSOLE_TOKEN = 'e2e-console-token';
export const DISTRICT_TOKEN = 'e2e-district-token';
/** The sync desk alarms the leader after this long cut off from the district. */
export const OFFLINE_ALARM_MS = 5 * 60_000;

/** One op as the district sends it (the envelope is filled in by `District.push`). */
export interface DistrictOp {
  entityId: string;
  action: string;
  payload: Record<string, unknown>;
}

export interface ServerOp {
  opId: string;
  nodeId: string;
  serverSeq: number;
  entity: string;
  entityId: string;
  action?: string;
  payload: Record<string, unknown>;
}

/** A real reference district server (test/district) on loopback, and what the district does with it. */
export interface District {
  readonly server: DistrictServer;
  readonly url: string;
  /** Pushes ops as the district (role 'district', over HTTP); resolves with the server's results. */
  push(ops: DistrictOp[]): Promise<{ status: string; reason?: string; message?: string }[]>;
  /** `assign_to_town` of a new event; resolves with its id once the server has applied it. */
  dispatch(input: { title: string; categoryCode: string; level: Level; gridCode?: string; description?: string }): Promise<string>;
  /** Every op the town's server holds (pulled as the district). */
  pull(): Promise<ServerOp[]>;
  /** The server's record of one event (its lifecycle state and version), or undefined. */
  event(entityId: string): Promise<{ state: string; version: number; payload: Record<string, unknown> } | undefined>;
  /** Shuts the district down (the console goes offline). */
  stop(): Promise<void>;
}

export interface SyncDesk extends TownDesk {
  district: District;
  /** How many requests the console's sync worker has started so far (each retry is one more). */
  syncRequests(): number;
}

interface Fixtures {
  desk: Desk;
  /** A town's own console on its first start: an empty data folder without --demo (the set-up flow). */
  newTown: Desk;
  /** A town's own console of the sample town 白鹭镇, set up and imported (test/support/sample-town-core). */
  townDesk: TownDesk;
  /** A desk of the sample town 白鹭镇 that syncs with a real district server (nodeId = the console token's node; the loop runs). */
  syncDesk: SyncDesk;
  core: Core;
  clock: ManualClock;
  guard: PageGuard;
  /** Opens the console in a new, separately guarded browser context (a second person). */
  openSecondPage: () => Promise<Page>;
}

/** Collects what a page must never do: reach beyond 127.0.0.1, throw, or trip the CSP. */
export class PageGuard {
  readonly violations: string[] = [];

  watch(page: Page): void {
    page.on('request', (request) => this.check('request', request.url()));
    page.on('websocket', (socket) => this.check('websocket', socket.url()));
    page.on('pageerror', (error) => this.violations.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) this.violations.push(`CSP: ${text}`);
    });
  }

  private check(kind: string, url: string): void {
    if (/^(data|blob|about):/.test(url)) return;
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      this.violations.push(`${kind} to an unparsable address: ${url}`);
      return;
    }
    if (host !== '127.0.0.1') this.violations.push(`${kind} to ${url}`);
  }
}

export const test = base.extend<Fixtures>({
  guard: async ({}, use) => {
    const guard = new PageGuard();
    await use(guard);
    expect(guard.violations, 'the page reached beyond 127.0.0.1, threw, or broke the CSP').toEqual([]);
  },

  desk: async ({}, use) => openDesk({ demo: true }, use),

  newTown: async ({}, use) => openDesk({ demo: false }, use),

  townDesk: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-e2e-town-'));
    const clock = new ManualClock(START);
    let core: Core | null = null;
    let web: WebConsole | null = null;
    try {
      core = await sampleTownCore({ dataDir, clock, kdfLogN: 10, sweepIntervalMs: 0 });
      web = await startWebConsole(core, { rendererDir: RENDERER_DIR, callOptions: { checkResponses: true } });
      await use(townDeskOf(core, clock, web));
    } finally {
      await web?.close().catch(() => undefined);
      await core?.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    }
  },

  syncDesk: async ({}, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-e2e-sync-'));
    const clock = new ManualClock(START);
    let server: DistrictServer | null = null;
    let core: Core | null = null;
    let web: WebConsole | null = null;
    let syncRequests = 0;
    try {
      server = await startDistrictServer({
        port: 0,
        dataDir: path.join(dir, 'district'),
        tokens: {
          [CONSOLE_TOKEN]: { townCode: TOWN_CODE, nodeId: CONSOLE_NODE, role: 'console' },
          [DISTRICT_TOKEN]: { townCode: TOWN_CODE, nodeId: DISTRICT_NODE, role: 'district' },
        },
        pingIntervalMs: 1000,
      });
      core = await sampleTownCore({
        dataDir: path.join(dir, 'console'),
        clock,
        kdfLogN: 10,
        sweepIntervalMs: 0,
        nodeId: CONSOLE_NODE,
        sync: {
          upstream: server.url,
          token: CONSOLE_TOKEN,
          townCode: TOWN_CODE,
          requestTimeoutMs: 3000,
          pollIntervalMs: 1000,
          maxBackoffMs: 1000,
          offlineAlarmMs: OFFLINE_ALARM_MS,
          fetch: (input, init) => {
            syncRequests += 1;
            return fetch(input, init);
          },
        },
      });
      web = await startWebConsole(core, { rendererDir: RENDERER_DIR, callOptions: { checkResponses: true } });
      await use({ ...townDeskOf(core, clock, web), district: districtOf(server, clock), syncRequests: () => syncRequests });
    } finally {
      await web?.close().catch(() => undefined);
      await core?.close().catch(() => undefined);
      await server?.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
  core: async ({ desk }, use) => use(desk.core),
  clock: async ({ desk }, use) => use(desk.clock),

  page: async ({ page, guard }, use) => {
    guard.watch(page);
    await use(page);
  },

  openSecondPage: async ({ browser, guard }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await newGuardedContext(browser);
      contexts.push(context);
      const page = await context.newPage();
      guard.watch(page);
      return page;
    });
    for (const c of contexts) await c.close().catch(() => undefined);
  },
});

/** A console on a fresh data folder (the demo town, or the first start's set-up), served to the browser. */
async function openDesk(options: { demo: boolean }, use: (desk: Desk) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), options.demo ? 'duty-desk-e2e-' : 'duty-desk-e2e-new-'));
  const clock = new ManualClock(START);
  const core = await createCore({ demo: options.demo, dataDir, clock, kdfLogN: 10, sweepIntervalMs: 0 });
  let web: WebConsole | null = null;
  try {
    web = await startWebConsole(core, { rendererDir: RENDERER_DIR, callOptions: { checkResponses: true } });
    await use(deskOf(core, clock, web));
  } finally {
    await web?.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function deskOf(core: Core, clock: ManualClock, web: WebConsole, officer = 'zhangwei', passwordOf = (_username: string) => PASSWORD): Desk {
  const actor = (username: string): Actor => {
    const person = [...core.town.people.values()].find((p) => p.username === username);
    if (!person) throw new Error(`no account ${username} in this console's town`);
    return { id: person.id, roles: person.roles };
  };
  return {
    core,
    clock,
    web,
    actor,
    officer,
    passwordOf,
    report: (input, as = officer) => core.events.report(actor(as), { source: 'grid', ...input }),
    async dispatch(eventId, as = officer) {
      const proposal = await core.events.proposeDispatch(actor(as), eventId);
      await core.events.acceptAndDispatch(actor(as), {
        eventId,
        leadPostId: proposal.lead.id,
        cooperatingPostIds: proposal.cooperating.map((p) => p.id),
      });
    },
  };
}

/** A desk of the sample town: its first officer by default, the imported accounts' password (the administrator's own). */
function townDeskOf(core: Core, clock: ManualClock, web: WebConsole): TownDesk {
  const town = sampleTown(core);
  const person = (actor: Actor): PersonRecord => {
    const found = core.town.people.get(actor.id);
    if (!found) throw new Error(`no person ${actor.id} in the sample town`);
    return found;
  };
  const passwordOf = (username: string): string => (username === SET_UP.admin.username ? SET_UP.admin.password : SAMPLE_PASSWORD);
  return { ...deskOf(core, clock, web, person(town.officer).username, passwordOf), town, person };
}

function districtOf(server: DistrictServer, clock: ManualClock, townCode: string = TOWN_CODE): District {
  let seq = 0;
  const base = `${server.url}/v1/towns/${townCode}`;
  const auth = { Authorization: `Bearer ${DISTRICT_TOKEN}` };
  const district: District = {
    server,
    url: server.url,
    async push(ops) {
      const body = {
        nodeId: DISTRICT_NODE,
        ops: ops.map((o) => {
          seq += 1;
          const at = clock.now().toISOString();
          return {
            opId: randomUUID(),
            nodeId: DISTRICT_NODE,
            seq,
            hlc: `${at}-${String(seq).padStart(4, '0')}-${DISTRICT_NODE}`,
            entity: 'event',
            entityId: o.entityId,
            kind: 'action',
            action: o.action,
            payload: o.payload,
            at,
          };
        }),
      };
      const res = await fetch(`${base}/ops`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`district push answered ${res.status}: ${await res.text()}`);
      return ((await res.json()) as { results: { status: string; reason?: string; message?: string }[] }).results;
    },
    async dispatch(input) {
      const entityId = randomUUID();
      const [result] = await district.push([{ entityId, action: 'assign_to_town', payload: { source: 'district', reportedAt: clock.now().toISOString(), ...input } }]);
      if (result?.status !== 'applied') throw new Error(`assign_to_town was ${result?.status} (${result?.reason ?? ''})`);
      return entityId;
    },
    async pull() {
      const ops: ServerOp[] = [];
      let after = '';
      for (;;) {
        const res = await fetch(`${base}/ops?limit=2000${after ? `&after=${after}` : ''}`, { headers: auth });
        const page = (await res.json()) as { ops: ServerOp[]; cursor: string; more: boolean };
        ops.push(...page.ops);
        after = page.cursor;
        if (!page.more || page.ops.length === 0) return ops;
      }
    },
    async event(entityId) {
      const res = await fetch(`${base}/snapshot`, { headers: auth });
      const body = (await res.json()) as { entities: { entity: string; entityId: string; state: string; version: number; payload: Record<string, unknown> }[] };
      const record = body.entities.find((e) => e.entity === 'event' && e.entityId === entityId);
      return record ? { state: record.state, version: record.version, payload: record.payload } : undefined;
    },
    stop: () => server.close(),
  };
  return district;
}

/**
 * A real reference district for one town on loopback (tokens: CONSOLE_TOKEN issued to the console's
 * node, DISTRICT_TOKEN for the district itself), for a test that links a console to it by hand. Closed by `stop()`.
 */
export async function openDistrict(dataDir: string, clock: ManualClock, townCode: string, consoleNode: string = CONSOLE_NODE): Promise<District> {
  const server = await startDistrictServer({
    port: 0,
    dataDir,
    tokens: {
      [CONSOLE_TOKEN]: { townCode, nodeId: consoleNode, role: 'console' },
      [DISTRICT_TOKEN]: { townCode, nodeId: DISTRICT_NODE, role: 'district' },
    },
    pingIntervalMs: 1000,
  });
  return districtOf(server, clock, townCode);
}

async function newGuardedContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC' });
}

export { expect };

/** Opens the console and signs in; resolves when the queue is on screen. */
export async function signIn(page: Page, desk: Desk, username = desk.officer): Promise<void> {
  await page.goto(desk.web.url);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(desk.passwordOf(username));
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();
  await expect(page.getByTestId('queue-list')).toBeVisible();
}

/** The queue row of one event. */
export function row(page: Page, eventId: string) {
  return page.locator(`[data-testid="queue-row"][data-event-id="${eventId}"]`);
}

/** The actions the open detail's timeline shows, in order. */
export async function timelineActions(page: Page): Promise<string[]> {
  return page.getByTestId('timeline-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
}

/** Before a screenshot: no transition still running (Ant Design's, a notice leaving); endless ones (an alarm's pulse) do not count. */
export async function stillPicture(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length)).toBe(0);
}

/** Waits until the console's sync worker has synced once and follows the live stream (a dispatch then arrives at once). */
export async function untilLive(desk: SyncDesk): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await desk.core.sync!.status();
        return `${s.state}/${s.streaming}`;
      },
      { timeout: 30_000 },
    )
    .toBe('connected/true');
}

/**
 * In a select whose options are open (typed into): the arrows down to the option named `name`, Enter,
 * and then until no option list is open any more — the next key goes to the next field, not to a list
 * still closing.
 */
export async function chooseOption(page: Page, name: string): Promise<void> {
  const lists = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  const active = lists.last().locator('.ant-select-item-option-active');
  await expect(lists.last().locator('.ant-select-item-option', { hasText: name }).first()).toBeVisible();
  for (let i = 0; i < 40 && !((await active.textContent()) ?? '').includes(name); i++) await page.keyboard.press('ArrowDown');
  await expect(active).toContainText(name);
  await page.keyboard.press('Enter');
  await expect(lists).toHaveCount(0);
}
