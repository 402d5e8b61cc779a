/**
 * Wall e2e support: a busy day seeded through the core, a layout saved with per-screen tokens, the
 * wall opened at 1920×1080 in its own guarded browser context, and the measurements the wall tests
 * make (every text node's rendered size, Latin words on a zh-CN screen, the charts' canvas text).
 */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { WallDefinition, WallScreenDef } from '../../preload/contract/wall-schemas';
import { CHART_PANELS } from '../../renderer/src/wall/wall-pages';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import type { Desk, PageGuard } from './fixtures';
import { seedMorning } from './seed';

const MIN = 60_000;
const ITEMS = ['FIRE-001', 'CITY-002', 'ENV-003', 'DISPUTE-001', 'LABOR-001', 'MARKET-001', 'AID-002', 'FLOOD-003', 'AGRI-001', 'PUBSEC-003', 'SAFE-003', 'HEALTH-002'];

/** seedMorning, plus a day of history: reports over the last 24 hours in many grids, half of them closed. */
export async function seedWallDay(desk: Desk): Promise<void> {
  const officer = desk.actor('zhangwei');
  const now = desk.clock.now().getTime();
  for (let i = 0; i < 48; i++) {
    const grid = `G${String(((i * 7) % 40) + 1).padStart(2, '0')}`;
    const id = await desk.report({
      title: `网格巡查发现问题 ${i + 1}`,
      categoryCode: ITEMS[i % ITEMS.length]!,
      level: i % 11 === 0 ? 'major' : 'general',
      source: i % 3 === 0 ? 'hotline' : 'grid',
      gridCode: grid,
      reportedAt: new Date(now - (23 * 60 - i * 28) * MIN).toISOString(),
    });
    if (i % 2 === 0) {
      await desk.core.events.accept(officer, id);
      await desk.core.events.close(officer, id, '已现场处置完毕');
    } else if (i % 5 === 1) await desk.dispatch(id);
  }
  await seedMorning(desk);
  // The month's roster, so the on-duty panel shows the shift (the roster's own tests cover it).
  try {
    await desk.core.roster.generate(desk.actor('lihua'), '2026-11');
  } catch (error) {
    console.warn('no roster for the wall screenshots:', error instanceof Error ? error.message : error);
  }
}

export interface SavedWall {
  layoutId: string;
  /** Screen id → the address a wall PC opens (absolute, with its token). */
  urls: Record<string, string>;
  definition: WallDefinition;
}

export async function saveWall(desk: Desk, definition: WallDefinition = templateLayout(3, 2), name = '指挥大厅 3×2'): Promise<SavedWall> {
  const leader = desk.actor('lihua');
  const { id } = await desk.core.wall.save(leader, { name, definition });
  const urls: Record<string, string> = {};
  const origin = new URL(desk.web.url).origin;
  for (const s of definition.screens) urls[s.id] = origin + (await desk.core.wall.issueToken(leader, id, s.id)).path;
  return { layoutId: id, urls, definition };
}

/** A new browser context (1920×1080 unless told) showing one wall address, guarded like the console's pages. */
export async function openWall(
  browser: Browser,
  guard: PageGuard,
  url: string,
  contexts: BrowserContext[],
  viewport: { width: number; height: number } = { width: 1920, height: 1080 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'UTC' });
  contexts.push(context);
  const page = await context.newPage();
  guard.watch(page);
  await page.goto(url);
  await page.getByTestId('wall-root').waitFor();
  return page;
}

export interface TextReport {
  /** Text nodes rendered below the minimum (text, px). */
  small: { text: string; px: number }[];
  /** Latin words and unfilled placeholders on the page (a zh-CN wall has none). */
  latin: string[];
  /** How many text nodes were measured. */
  measured: number;
  /** Text that overflows its box horizontally (cut off), beyond ellipsis-marked cells. */
  cut: string[];
}

/** Measures every visible text node: its computed font size times the stage's scale. */
export async function measureText(page: Page, minPx = 24): Promise<TextReport> {
  return page.evaluate((min) => {
    const root = document.querySelector('[data-testid="wall-root"]') as HTMLElement;
    const scale = Number(root.dataset.scale ?? '1');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const small: { text: string; px: number }[] = [];
    const latin: string[] = [];
    const cut: string[] = [];
    let measured = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').trim();
      const el = node.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      measured += 1;
      const px = parseFloat(style.fontSize) * scale;
      if (px < min - 0.01) small.push({ text, px });
      for (const m of text.match(/[A-Za-z]{2,}|\{\w+\}/g) ?? []) latin.push(m);
      if (el.scrollWidth > el.clientWidth + 1 && style.textOverflow !== 'ellipsis' && !el.closest('.wall-ticker')) cut.push(text);
      // Nothing may stick out of its panel (or the window): a row half under the panel's edge is cut.
      const box = (el.closest('.wall-panel') ?? root).getBoundingClientRect();
      if (!el.closest('.wall-ticker') && (rect.bottom > box.bottom + 1 || rect.right > box.right + 1 || rect.top < box.top - 1 || rect.left < box.left - 1))
        cut.push(`${text} (outside its panel)`);
      // Nor half hidden by a box that clips it (a figure's value under the next line, a row half shown).
      for (let up = el.parentElement; up && up !== root; up = up.parentElement) {
        const o = getComputedStyle(up);
        if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
        // Partly shown, with more than a third of its height hidden (a line box's leading may poke out a little).
        const clip = up.getBoundingClientRect();
        const hidden = Math.max(0, rect.bottom - clip.bottom) + Math.max(0, clip.top - rect.top);
        if (hidden > rect.height / 3 && hidden < rect.height) cut.push(`${text} (half hidden)`);
        break;
      }
    }
    return { small, latin, measured, cut };
  }, minPx);
}

/** The live charts' canvas text: every font size in their options, and their texts. */
export async function chartText(page: Page): Promise<{ fontSizes: number[]; texts: string[]; charts: number }> {
  return page.evaluate(() => window.__wallStats!.inspect());
}

/** Panels that draw only what the page itself has (no figures from main), so they report no load. */
const LOCAL_PANELS = new Set(['clock', 'ticker']);

/**
 * Holds a freshly opened wall screen still on its first page for reading: waits until that page is
 * shown with every panel's figures loaded (each panel reports its first load to __wallStats.loads,
 * and this is the page's first visit), those the DOM shows on screen, and each of its charts created
 * — and pauses the rotation there in the same breath (for good: the tests close the page after), so
 * what is read next is one page at rest, not whichever page the clock has turned to meanwhile or a
 * panel still waiting for its data.
 */
export async function holdFirstPage(page: Page, screen: WallScreenDef): Promise<void> {
  const tiles = screen.pages[0]!.tiles;
  const expected = {
    loads: tiles.filter((t) => !LOCAL_PANELS.has(t.panel)).length,
    charts: tiles.filter((t) => CHART_PANELS.has(t.panel)).length,
  };
  await expect
    .poll(
      () =>
        page.evaluate(async ({ loads, charts }) => {
          const stats = window.__wallStats!;
          const shown = document.querySelector('[data-testid="wall-screen"]')?.getAttribute('data-page');
          if (shown !== '0' || stats.pageTurns !== 0) return `page ${shown} shown after ${stats.pageTurns} turn(s)`;
          stats.rotationPaused = true;
          // The panels whose figures are in the DOM: on screen, not only fetched.
          const waiting = [
            ...[...document.querySelectorAll('[data-testid^="wall-count-"]')].filter((e) => e.getAttribute('data-value') === '').map(() => 'statusCounts'),
            ...[...document.querySelectorAll('[data-testid="wall-panel-overdueList"]')].filter((e) => !e.querySelector('.wall-panel-meta')).map(() => 'overdueList'),
            ...[...document.querySelectorAll('[data-testid="wall-panel-onDuty"]')].filter((e) => !e.querySelector('[data-testid="wall-duty-row"]')).map(() => 'onDuty'),
          ];
          if (stats.loads < loads || waiting.length > 0 || stats.live !== charts)
            return `${stats.loads}/${loads} panels loaded, waiting for ${waiting.join(', ') || 'none'} on screen, ${stats.live}/${charts} charts`;
          // The last figures were handed to React just now at the latest: let the page run the render it
          // has queued for them (a posted message runs after those already posted) before it is read.
          await new Promise<void>((resolve) => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => {
              channel.port1.close();
              resolve();
            };
            channel.port2.postMessage(null);
          });
          return 'ready';
        }, expected),
      { message: `the first page of ${screen.id} at rest with its figures and ${expected.charts} chart(s)` },
    )
    .toBe('ready');
}
