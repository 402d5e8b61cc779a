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
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import type { Level, Source } from '../../preload/contract';

type AppCoreModule = typeof import('../../main/core/app-core');
type ClockModule = typeof import('../../main/core/clock');
type ServerModule = typeof import('../../main/web/server');
type Core = import('../../main/core/app-core').Core;
type ManualClock = import('../../main/core/clock').ManualClock;
type WebConsole = import('../../main/web/server').WebConsole;
export type Actor = import('../../main/core/events/event.service').Actor;

const { createCore } = tsxRequire('../../main/core/app-core', __filename) as AppCoreModule;
const { ManualClock } = tsxRequire('../../main/core/clock', __filename) as ClockModule;
const { startWebConsole } = tsxRequire('../../main/web/server', __filename) as ServerModule;

/** Monday 2026-11-23 09:00 Beijing time: a working day, inside working hours. */
export const START = '2026-11-23T01:00:00Z';
export const PASSWORD = 'duty1234';
const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');

export interface Desk {
  core: Core;
  clock: ManualClock;
  web: WebConsole;
  /** The actor behind a demo username (for seeding through core services). */
  actor(username: string): Actor;
  /** Reports an event through the core, as the first officer unless told otherwise. */
  report(input: SeedEvent, as?: string): Promise<string>;
  /** Accepts and dispatches along the catalogue's proposal. */
  dispatch(eventId: string, as?: string): Promise<void>;
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

interface Fixtures {
  desk: Desk;
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

  desk: async ({}, use) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-e2e-'));
    const clock = new ManualClock(START);
    const core = await createCore({ dataDir, clock, kdfLogN: 10, sweepIntervalMs: 0 });
    let web: WebConsole | null = null;
    try {
      web = await startWebConsole(core, { rendererDir: RENDERER_DIR, callOptions: { checkResponses: true } });
      const actor = (username: string): Actor => {
        const person = [...core.town.people.values()].find((p) => p.username === username);
        if (!person) throw new Error(`no demo account ${username}`);
        return { id: person.id, roles: person.roles };
      };
      const desk: Desk = {
        core,
        clock,
        web,
        actor,
        report: (input, as = 'zhangwei') => core.events.report(actor(as), { source: 'grid', ...input }),
        async dispatch(eventId, as = 'zhangwei') {
          const proposal = await core.events.proposeDispatch(actor(as), eventId);
          await core.events.acceptAndDispatch(actor(as), {
            eventId,
            leadPostId: proposal.lead.id,
            cooperatingPostIds: proposal.cooperating.map((p) => p.id),
          });
        },
      };
      await use(desk);
    } finally {
      await web?.close().catch(() => undefined);
      await core.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
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

async function newGuardedContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC' });
}

export { expect };

/** Opens the console and signs in; resolves when the queue is on screen. */
export async function signIn(page: Page, desk: Desk, username = 'zhangwei'): Promise<void> {
  await page.goto(desk.web.url);
  await page.getByTestId('signin-username').fill(username);
  await page.getByTestId('signin-password').fill(PASSWORD);
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
