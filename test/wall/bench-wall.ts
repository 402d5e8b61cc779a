/**
 * The wall's soak and bench (a benchmark, not a test: `npx tsx test/wall/bench-wall.ts [--json f]`,
 * and `wallBench()` for `npm run bench`). Needs the built renderer (`npx electron-vite build`).
 *
 * A compressed day in Chromium: the six screens of a 3×2 cockpit (each rotating through two pages)
 * are open at 1920×1080 through their wall tokens while the injected ManualClock advances 24 hours
 * in 5-minute steps and the desk takes in at least 20,000 events (reported, dispatched, closed
 * through the real commands, so the change feed fires as on a real desk). After a warm-up, each
 * screen is sampled on its first page after a forced GC: JS heap, DOM nodes, event listeners (CDP
 * Performance.getMetrics) and live ECharts instances (window.__wallStats). Then, with ≥ 10,000 open
 * events, single events are reported one at a time and every panel's update time is taken (from the
 * change arriving to the panel showing it), while a PerformanceObserver('longtask') watches the map
 * screens recolour (a task at a page turn — the next page being built — is reported apart), and then
 * again with only one screen open (the panels' own cost, without five other pages on the CPU).
 *
 * Figures: wall_heap_growth_pct, wall_echarts_instances_growth, wall_dom_nodes_growth_pct (growth from
 * the first samples after warm-up to the last), panel_update_ms (p95 of panel updates with 10,000
 * open events), wall_longest_task_ms (longest task on the map screens while they recolour).
 * Targets: heap growth < 10 %, no growth in charts or listeners, update < 50 ms, no task > 100 ms.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { createCore, type Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import type { Actor } from '../../main/core/kernel/actor';
import { startWebConsole, type WebConsole } from '../../main/web/server';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { SCREEN_DESIGNS, templateLayout } from '../../renderer/src/wall/wall-templates';

export interface WallBenchFigures {
  wall_heap_growth_pct: number;
  wall_echarts_instances_growth: number;
  wall_dom_nodes_growth_pct: number;
  panel_update_ms: number;
  wall_longest_task_ms: number;
}

export interface WallBenchOptions {
  /** Events fed over the compressed day (default 20,160: 70 per 5-minute step). */
  events?: number;
  /** Seconds per page on every screen (default 8). */
  rotateSeconds?: number;
  /** Single events reported at the end to time the panel updates (default 20). */
  probes?: number;
  log?: (line: string) => void;
  /** Receives everything measured (samples, per-panel times) for the report. */
  details?: (details: Record<string, unknown>) => void;
}

const ROOT = path.resolve(__dirname, '../..');
const RENDERER_DIR = path.join(ROOT, 'out/renderer');
const START = '2026-11-23T00:00:00.000Z'; // Monday 08:00 Beijing
const STEP_MS = 5 * 60_000;
const STEPS = (24 * 3600_000) / STEP_MS;

interface Sample {
  heap: number;
  nodes: number;
  listeners: number;
  charts: number;
}

const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** The 3×2 cockpit with every screen rotating through two pages (its own design and the next). */
export function benchLayout(rotateSeconds: number): WallDefinition {
  const def = templateLayout(3, 2);
  def.screens.forEach((screen, i) => {
    const own = screen.pages[0]!;
    const other = SCREEN_DESIGNS[(i + 2) % SCREEN_DESIGNS.length]!.pages[0]!;
    screen.rotateSeconds = rotateSeconds;
    screen.pages =
      screen.pages.length > 1
        ? screen.pages
        : [own, { id: 'p2', tiles: other.map(([panel, x, y, w, h, options], n) => ({ id: `t${n + 1}`, panel, x, y, w, h, options: options ?? {} })) }];
  });
  return def;
}

interface Phrases {
  items: Record<string, { title: string }[]>;
}

/** The desk's side of the day: reports through the real commands, some dispatched, about half closed. */
class Feeder {
  private n = 0;
  private readonly open: string[] = [];
  private readonly items: string[];
  private readonly titles: Phrases['items'];
  private readonly grids: string[];

  constructor(
    private readonly core: Core,
    private readonly officer: Actor,
  ) {
    const phrases = JSON.parse(readFileSync(path.join(ROOT, 'resources/demo-town/sim-phrases.json'), 'utf8')) as Phrases;
    this.titles = phrases.items;
    this.items = [...core.town.catalogue.keys()].filter((code) => (phrases.items[code]?.length ?? 0) > 0);
    if (this.items.length === 0) this.items.push(...core.town.catalogue.keys());
    this.grids = [...core.town.grids.keys()];
  }

  get reported(): number {
    return this.n;
  }

  async report(): Promise<string> {
    const i = this.n++;
    const item = this.items[(i * 7) % this.items.length]!;
    const titles = this.titles[item] ?? [{ title: '网格巡查发现问题' }];
    const id = await this.core.events.report(this.officer, {
      title: titles[i % titles.length]!.title.slice(0, 180),
      categoryCode: item,
      level: i % 97 === 0 ? 'serious' : i % 13 === 0 ? 'major' : 'general',
      source: i % 3 === 0 ? 'hotline' : i % 5 === 0 ? 'sensor' : 'grid',
      // Skewed, so the map has hot grids that come and go.
      gridCode: this.grids[(i * i + i) % this.grids.length]!,
    });
    this.open.push(id);
    return id;
  }

  async close(): Promise<void> {
    const id = this.open.shift();
    if (!id) return;
    await this.core.events.accept(this.officer, id);
    await this.core.events.close(this.officer, id, '已现场处置完毕');
  }

  async dispatch(): Promise<void> {
    const id = this.open.pop();
    if (!id) return;
    const proposal = await this.core.events.proposeDispatch(this.officer, id);
    await this.core.events.acceptAndDispatch(this.officer, { eventId: id, leadPostId: proposal.lead.id, cooperatingPostIds: proposal.cooperating.map((c) => c.id) });
  }
}

interface WallPage {
  screenId: string;
  page: Page;
  cdp: CDPSession;
  map: boolean;
}

async function openScreens(browser: Browser, web: WebConsole, core: Core, layoutId: string, def: WallDefinition, leader: Actor): Promise<WallPage[]> {
  const origin = new URL(web.url).origin;
  const pages: WallPage[] = [];
  for (const screen of def.screens) {
    const issued = await core.wall.issueToken(leader, layoutId, screen.id, `bench ${screen.id}`);
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
          if (w.__longTasks.length > 2000) w.__longTasks.splice(0, 1000);
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        // No longtask support: the figure stays empty.
      }
    });
    page.on('pageerror', (error) => console.error(`[${screen.id}] page error: ${error.message}`));
    await page.goto(origin + issued.path);
    await page.getByTestId('wall-root').waitFor({ timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    pages.push({ screenId: screen.id, page, cdp, map: screen.pages.some((p) => p.tiles.some((t) => t.panel === 'gridMap')) });
  }
  return pages;
}

/** One screen measured just after it turned to its first page, after a full GC. */
async function sample(p: WallPage, rotateSeconds: number): Promise<Sample> {
  const timeout = (rotateSeconds * 3 + 5) * 1000;
  await p.page.locator('[data-testid="wall-screen"]:not([data-page="0"])').waitFor({ timeout });
  await p.page.locator('[data-testid="wall-screen"][data-page="0"]').waitFor({ timeout });
  await p.page.waitForTimeout(Math.min(1500, rotateSeconds * 250));
  await p.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await p.cdp.send('Performance.getMetrics');
  const m = new Map(metrics.map((x) => [x.name, x.value]));
  const charts = await p.page.evaluate(() => window.__wallStats?.live ?? 0);
  return { heap: m.get('JSHeapUsedSize') ?? 0, nodes: m.get('Nodes') ?? 0, listeners: m.get('JSEventListeners') ?? 0, charts };
}

async function sampleAll(pages: readonly WallPage[], rotateSeconds: number): Promise<Sample[]> {
  return Promise.all(pages.map((p) => sample(p, rotateSeconds)));
}

export async function wallBench(options: WallBenchOptions = {}): Promise<WallBenchFigures> {
  const log = options.log ?? ((line: string) => console.log(line));
  const events = options.events ?? 20_160;
  const rotateSeconds = options.rotateSeconds ?? 8;
  const probes = options.probes ?? 20;
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('no built renderer in out/renderer: run `npx electron-vite build` first');
  const started = performance.now();
  const startLoad = os.loadavg().map((x) => round(x, 2));
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(0)} s`;

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-wall-bench-'));
  const clock = new ManualClock(START);
  const core = await createCore({ demo: true, dataDir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false, backupIntervalMs: 0 });
  let web: WebConsole | null = null;
  let browser: Browser | null = null;
  try {
    web = await startWebConsole(core, { rendererDir: RENDERER_DIR });
    const person = (role: string): Actor => {
      const p = [...core.town.people.values()].find((x) => x.roles.includes(role as never))!;
      return { id: p.id, roles: p.roles };
    };
    const officer = person('officer');
    const leader = person('leader');
    const def = benchLayout(rotateSeconds);
    const { id: layoutId } = await core.wall.save(leader, { name: '压力测试 3×2', definition: def });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-renderer-backgrounding',
        '--disable-background-timer-throttling',
        '--enable-precise-memory-info',
      ],
    });
    const pages = await openScreens(browser, web, core, layoutId, def, leader);
    log(`[${elapsed()}] ${pages.length} screens open at 1920×1080, each rotating ${def.screens[0]!.pages.length} pages every ${rotateSeconds} s`);

    // ---- the compressed day ----
    const feeder = new Feeder(core, officer);
    // Warm-up: a tenth of the day, and every page of every screen shown twice (JIT, fonts, map shapes).
    const openedAt = performance.now();
    const warmRealMs = (2 * def.screens[0]!.pages.length * rotateSeconds + 4) * 1000;
    const perStep = Math.ceil(events / STEPS);
    const warmSteps = Math.round(STEPS * 0.1);
    let baseline: Sample[] | null = null;
    const samples: { step: number; at: string; totals: Sample }[] = [];
    const total = (xs: readonly Sample[]): Sample => ({
      heap: sum(xs.map((x) => x.heap)),
      nodes: sum(xs.map((x) => x.nodes)),
      listeners: sum(xs.map((x) => x.listeners)),
      charts: sum(xs.map((x) => x.charts)),
    });
    for (let step = 0; step < STEPS; step++) {
      for (let i = 0; i < perStep && feeder.reported < events; i++) {
        await feeder.report();
        // About 45 % closed and 10 % dispatched, so the day ends with more than 10,000 open.
        if (i % 9 < 4) await feeder.close();
        else if (i % 10 === 4) await feeder.dispatch();
      }
      clock.advance(STEP_MS);
      if (baseline === null && step >= warmSteps && performance.now() - openedAt >= warmRealMs) {
        baseline = await sampleAll(pages, rotateSeconds);
        samples.push({ step, at: clock.now().toISOString(), totals: total(baseline) });
        log(`[${elapsed()}] warmed up at step ${step}/${STEPS}: ${feeder.reported} events; baseline ${JSON.stringify(total(baseline))}`);
      } else if (baseline !== null && step % 48 === 0) {
        const s = total(await sampleAll(pages, rotateSeconds));
        samples.push({ step, at: clock.now().toISOString(), totals: s });
        log(`[${elapsed()}] step ${step}/${STEPS} (${clock.now().toISOString()}): ${feeder.reported} events; ${JSON.stringify(s)}`);
      }
    }
    const final = await sampleAll(pages, rotateSeconds);
    samples.push({ step: STEPS, at: clock.now().toISOString(), totals: total(final) });
    const openNow = (await core.wall.counts(officer)).open;
    const turns = sum(await Promise.all(pages.map((p) => p.page.evaluate(() => window.__wallStats?.pageTurns ?? 0))));
    log(`[${elapsed()}] day done: ${feeder.reported} events, ${openNow} open, ${turns} page turns; final ${JSON.stringify(total(final))}`);

    // ---- panel updates with ≥ 10,000 open events, and the map recolouring ----
    while ((await core.wall.counts(officer)).open < 10_000) await feeder.report();
    // Let the screens catch up, then time single changes (each after the panels' coalescing gap).
    await new Promise((r) => setTimeout(r, 3000));
    await Promise.all(
      pages.map((p) =>
        p.page.evaluate(() => {
          window.__wallStats!.recent.length = 0;
          (window as unknown as { __longTasks: unknown[] }).__longTasks.length = 0;
        }),
      ),
    );
    for (let i = 0; i < probes; i++) {
      await feeder.report();
      await new Promise((r) => setTimeout(r, 1500));
    }
    const updates = (await Promise.all(pages.map((p) => p.page.evaluate(() => window.__wallStats!.recent.map((u) => ({ panel: u.panel, ms: u.ms, fetchMs: u.fetchMs })))))).flat();
    const timed = updates.filter((u) => u.panel !== 'onDuty');
    // Long tasks on the map screens while they recolour: those that start within two seconds after a
    // page turn are the new page being built (charts created, first figures drawn), not a recolour —
    // counted apart.
    const tasks = (
      await Promise.all(
        pages
          .filter((p) => p.map)
          .map((p) =>
            p.page.evaluate(() => {
              const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
              const turns = window.__wallStats!.turnTimes;
              return w.__longTasks.map((t) => ({ duration: t.duration, turning: turns.some((at) => t.start >= at - 200 && t.start <= at + 2000) }));
            }),
          ),
      )
    ).flat();
    const longTasks = tasks.filter((t) => !t.turning).map((t) => t.duration);
    const turningTasks = tasks.filter((t) => t.turning).map((t) => t.duration);
    const byPanel: Record<string, { n: number; p50: number; p95: number; max: number; fetchP50: number; fetchP95: number }> = {};
    for (const panel of new Set(timed.map((u) => u.panel))) {
      const mine = timed.filter((u) => u.panel === panel);
      const ms = mine.map((u) => u.ms);
      const fetch = mine.map((u) => u.fetchMs);
      byPanel[panel] = {
        n: ms.length,
        p50: round(percentile(ms, 50)),
        p95: round(percentile(ms, 95)),
        max: round(Math.max(...ms)),
        fetchP50: round(percentile(fetch, 50)),
        fetchP95: round(percentile(fetch, 95)),
      };
    }

    // The same with one screen left open (s3-2: counts, boards, trend): the panels' own cost, without
    // five other 1080p pages competing for the CPU.
    const alone = pages.find((p) => p.screenId === 's3-2') ?? pages[0]!;
    for (const p of pages) if (p !== alone) await p.page.context().close();
    await new Promise((r) => setTimeout(r, 3000));
    await alone.page.evaluate(() => (window.__wallStats!.recent.length = 0));
    for (let i = 0; i < Math.max(5, Math.round(probes / 2)); i++) {
      await feeder.report();
      await new Promise((r) => setTimeout(r, 1500));
    }
    const aloneMs = await alone.page.evaluate(() => window.__wallStats!.recent.map((u) => u.ms));

    const base = total(baseline ?? final);
    const last = total(final);
    const growth = (a: number, b: number): number => (a > 0 ? round(((b - a) / a) * 100) : 0);
    const figures: WallBenchFigures = {
      wall_heap_growth_pct: growth(base.heap, last.heap),
      wall_echarts_instances_growth: last.charts - base.charts,
      wall_dom_nodes_growth_pct: growth(base.nodes, last.nodes),
      panel_update_ms: round(
        percentile(
          timed.map((u) => u.ms),
          95,
        ),
      ),
      wall_longest_task_ms: round(longTasks.length ? Math.max(...longTasks) : 0),
    };
    options.details?.({
      events: feeder.reported,
      openAtEnd: openNow,
      pageTurns: turns,
      realSeconds: round((performance.now() - started) / 1000),
      listenersGrowth: last.listeners - base.listeners,
      baseline: base,
      final: last,
      samples,
      panelUpdates: {
        n: timed.length,
        p50: round(
          percentile(
            timed.map((u) => u.ms),
            50,
          ),
        ),
        p95: figures.panel_update_ms,
        max: round(Math.max(...timed.map((u) => u.ms))),
        byPanel,
      },
      longTasksOnMapScreens: longTasks.length,
      longestTaskAtPageTurn: round(turningTasks.length ? Math.max(...turningTasks) : 0),
      loadAverage: { start: startLoad, end: os.loadavg().map((x) => round(x, 2)) },
      oneScreen: { screen: alone.screenId, n: aloneMs.length, p50: round(percentile(aloneMs, 50)), p95: round(percentile(aloneMs, 95)), max: round(Math.max(...aloneMs)) },
    });
    log(`[${elapsed()}] ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    await browser?.close().catch(() => undefined);
    await web?.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const json = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
  const events = args.includes('--events') ? Number(args[args.indexOf('--events') + 1]) : undefined;
  let details: Record<string, unknown> = {};
  wallBench({ events, details: (d) => (details = d) })
    .then((figures) => {
      const target = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
      console.log('');
      console.log(`wall_heap_growth_pct          ${String(figures.wall_heap_growth_pct).padStart(8)} %   target < 10 %      ${target(figures.wall_heap_growth_pct < 10)}`);
      console.log(
        `wall_echarts_instances_growth ${String(figures.wall_echarts_instances_growth).padStart(8)}     target 0           ${target(figures.wall_echarts_instances_growth <= 0)}`,
      );
      console.log(`wall_dom_nodes_growth_pct     ${String(figures.wall_dom_nodes_growth_pct).padStart(8)} %   (reported)`);
      console.log(`wall listeners growth         ${String(details.listenersGrowth).padStart(8)}     target 0           ${target(Number(details.listenersGrowth) <= 0)}`);
      const one = details.oneScreen as { p50: number; p95: number };
      const all = details.panelUpdates as { p50: number };
      console.log(
        `panel_update_ms (p95, 6 screens) ${String(figures.panel_update_ms).padStart(5)} ms  target < 50 ms     ${target(figures.panel_update_ms < 50)}   (p50 ${all.p50} ms; one screen alone: p50 ${one.p50}, p95 ${one.p95} ms)`,
      );
      console.log(
        `wall_longest_task_ms          ${String(figures.wall_longest_task_ms).padStart(8)} ms  target ≤ 100 ms    ${target(figures.wall_longest_task_ms <= 100)}   (at a page turn: ${details.longestTaskAtPageTurn} ms)`,
      );
      console.log(
        `load average (1, 5, 15 min): start ${JSON.stringify((details.loadAverage as { start: number[] }).start)}, end ${JSON.stringify((details.loadAverage as { end: number[] }).end)} on ${os.cpus().length} CPUs`,
      );
      console.log(JSON.stringify(details, null, 1).slice(0, 4000));
      if (json) writeFileSync(json, JSON.stringify({ ...figures, details }, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
