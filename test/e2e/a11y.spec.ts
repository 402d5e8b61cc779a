/**
 * axe-core over every page state of every demo account (#19), at 1366×768: the sign-in page, each
 * header tab of the officer, the leader, the administrator and a board staff member, the queue with an
 * event's detail, the dispatch dialog (d) and the intake (n) open, the plan editor, every settings tab,
 * and two wall screens. Rules: WCAG 2.0/2.1 A and AA. axe is injected from node_modules (no network).
 *
 * Each state's counts by impact (failing elements) and rule ids are printed as a table and written as
 * JSON (the test's output folder: a11y-<account>.json). Any critical or serious violation fails the
 * test unless test/e2e/a11y-baseline.json still allows it (per state: rule id → elements): a ratchet
 * that only goes down. Moderate and minor ones are listed, not failed on.
 * A11Y_WRITE_BASELINE=1 rewrites the baseline from this run (only to shrink it, after a fix).
 *
 * A tab whose page is the same for every account is audited once a run, by the first account that
 * has it; the queue, the plans and the settings (their states differ by role) for each account.
 * Each state is also searched for names a zh-CN screen reader would read in English (an icon's
 * aria-label="search", an input's built-in "Increase Value"): any one fails the test.
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Locator, Page, TestInfo } from '@playwright/test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, signIn, stillPicture, test, type Desk } from './fixtures';
import { seedMorning } from './seed';
import { holdFirstPage, openWall, saveWall, seedWallDay } from './wall-support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof IMPACTS)[number];
const BASELINE_FILE = path.resolve(__dirname, 'a11y-baseline.json');
/** Per state: rule id → how many critical/serious elements are still allowed. */
type Baseline = Record<string, Record<string, number>>;

interface StateResult {
  state: string;
  /** Accessible names (attribute="value") with Latin words a zh-CN screen reader would read out. */
  english: string[];
  counts: Record<Impact, number>;
  /** Rule id → elements, per impact. */
  rules: { id: string; impact: Impact; nodes: number }[];
  /** The failing elements (selector and axe's message), for whoever fixes them. */
  details: { id: string; impact: Impact; target: string; message: string }[];
}

/** The header tab's data-testid → the page it opens (calendar's tab has no test id of its own). */
const PAGE_ROOT: Record<string, string> = {
  'tab-queue': 'queue-page',
  'tab-my-tasks': 'my-tasks-page',
  'tab-alarm-desk': 'alarm-desk-page',
  'tab-history': 'history-page',
  'tab-approvals': 'approvals-page',
  'tab-holds': 'holds-page',
  'tab-follow-up': 'follow-up-page',
  'tab-roster': 'roster-page',
  'tab-on-duty': 'on-duty-page',
  'tab-duty-log': 'duty-log-page',
  'tab-handover': 'handover-page',
  'tab-duty-reports': 'duty-reports-page',
  'tab-assessment': 'assessment-page',
  'tab-plans': 'plans-page',
  'tab-calendar': 'calendar-page',
  'tab-wall': 'wall-editor',
  'tab-audit': 'audit-page',
  'tab-settings': 'settings-page',
};

test.describe.configure({ timeout: 600_000 });

/**
 * Tabs whose page is the same for every account that has it, audited once per run (by the first
 * account that opens it): axe is CPU-bound, about 3 s a state on 2 cores. The queue (its detail's
 * buttons differ by role) is audited for each account.
 */
const AUDITED = new Set<string>();
const PER_ACCOUNT = new Set(['tab-queue', 'tab-plans', 'tab-settings']);

/**
 * Latin words that may stand in a zh-CN accessible name: names of formats and standards an officer
 * sees as such. Anything else Latin (an icon's English name, a component's built-in English label)
 * is what a screen reader would say in English.
 */
const LATIN_ALLOWED = new Set([
  'SQLite',
  'PDF',
  'xlsx',
  'Excel',
  'HLS',
  'FLV',
  'RTSP',
  'URL',
  'HTTP',
  'HTTPS',
  'ID',
  'WAV',
  'Windows',
  'Esc',
  'Enter',
  'Tab',
  'Shift',
  'Ctrl',
  'Alt',
  'PgUp',
  'PgDn',
]);
/** The demo accounts this spec signs in with: the audit's sign-in rows name them (data, not the interface's words). */
const ACCOUNTS = ['zhangwei', 'lihua', 'admin', 'zhengguohua'];
/** The attributes a screen reader reads as a name or a description. */
const NAME_ATTRIBUTES = ['aria-label', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'title', 'alt', 'placeholder'];

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

function readBaseline(): Baseline {
  return existsSync(BASELINE_FILE) ? (JSON.parse(readFileSync(BASELINE_FILE, 'utf8')) as Baseline) : {};
}

/** Collects the states of one test, then prints, writes and checks them. */
class Audit {
  readonly results: StateResult[] = [];
  constructor(
    private readonly account: string,
    private readonly info: TestInfo,
  ) {}

  /** Waits for the page at rest (no spinner, no loading placeholder, no transition), then runs axe. */
  async check(page: Page, state: string): Promise<void> {
    await expect(page.locator('.ant-spin-spinning, [data-loading="true"], .ant-skeleton-active')).toHaveCount(0);
    await stillPicture(page);
    const { violations } = await new AxeBuilder({ page })
      .withTags(TAGS)
      .options({ resultTypes: ['violations'] })
      .analyze();
    const counts: Record<Impact, number> = { critical: 0, serious: 0, moderate: 0, minor: 0 };
    const rules: StateResult['rules'] = [];
    const details: StateResult['details'] = [];
    for (const v of violations) {
      const by = new Map<Impact, number>();
      for (const n of v.nodes) {
        const impact = (n.impact ?? v.impact ?? 'minor') as Impact;
        details.push({ id: v.id, impact, target: n.target.join(' '), message: [...n.any, ...n.all, ...n.none].map((c) => c.message).join(' / ') });
        by.set(impact, (by.get(impact) ?? 0) + 1);
        counts[impact] += 1;
      }
      for (const [impact, nodes] of by) rules.push({ id: v.id, impact, nodes });
    }
    rules.sort((a, b) => IMPACTS.indexOf(a.impact) - IMPACTS.indexOf(b.impact) || b.nodes - a.nodes);
    const english = await englishNames(page);
    // Each state's picture at 1366×768 (the test's output folder), to be looked at.
    await page.screenshot({ path: this.info.outputPath(`${this.account}-${state.replace(/[^\w+-]+/g, '_')}.png`) });
    this.results.push({ state: `${this.account}/${state}`, english, counts, rules, details });
  }

  /** The table, the JSON, and the ratchet against the baseline. */
  finish(): void {
    const lines = this.results.map(
      (r) => `${r.state.padEnd(40)} ${IMPACTS.map((i) => String(r.counts[i]).padStart(4)).join(' ')}  ${r.rules.map((x) => `${x.id}(${x.impact[0]}${x.nodes})`).join(' ')}`,
    );
    const total = IMPACTS.map((i) => String(this.results.reduce((s, r) => s + r.counts[i], 0)).padStart(4)).join(' ');
    console.log([`axe-core ${this.account}: ${'state'.padEnd(40 - 10 - this.account.length)} crit  ser  mod  min  rules`, ...lines, `${'total'.padEnd(40)} ${total}`].join('\n'));
    const out = this.info.outputPath(`a11y-${this.account}.json`);
    writeFileSync(out, JSON.stringify(this.results, null, 2));

    const baseline = readBaseline();
    if (process.env.A11Y_WRITE_BASELINE === '1') {
      for (const key of Object.keys(baseline)) if (key.startsWith(`${this.account}/`)) delete baseline[key];
      for (const r of this.results) {
        const left: Record<string, number> = {};
        for (const x of r.rules) if (x.impact === 'critical' || x.impact === 'serious') left[x.id] = (left[x.id] ?? 0) + x.nodes;
        if (Object.keys(left).length > 0) baseline[r.state] = left;
      }
      const sorted = Object.fromEntries(Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)));
      writeFileSync(BASELINE_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
    }
    const over: string[] = [];
    for (const r of this.results) {
      const allowed = baseline[r.state] ?? {};
      const found = new Map<string, number>();
      for (const x of r.rules) if (x.impact === 'critical' || x.impact === 'serious') found.set(x.id, (found.get(x.id) ?? 0) + x.nodes);
      for (const [id, n] of found) if (n > (allowed[id] ?? 0)) over.push(`${r.state}: ${id} ×${n} (baseline ${allowed[id] ?? 0})`);
    }
    expect(over, `critical/serious axe violations beyond ${path.basename(BASELINE_FILE)} (details in ${out})`).toEqual([]);
    const english = this.results.flatMap((r) => r.english.map((e) => `${r.state}: ${e}`));
    expect(english, 'accessible names a zh-CN screen reader would read in English').toEqual([]);
  }
}

/** Every attribute-given name on the page (rendered, not hidden from assistive technology) with a Latin word not allowed. */
async function englishNames(page: Page): Promise<string[]> {
  const found = await page.evaluate(
    ({ attributes, allowed }) => {
      const out = new Set<string>();
      const selector = attributes.map((a) => `[${a}]`).join(',');
      for (const el of Array.from(document.querySelectorAll(selector))) {
        if (el.closest('[aria-hidden="true"]')) continue;
        // A select's chosen value repeats its option's label: the data the person chose.
        if (el.matches('.ant-select-selection-item, .ant-select-content')) continue;
        if (el instanceof HTMLElement && el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
        for (const a of attributes) {
          const value = el.getAttribute(a);
          if (!value) continue;
          // Addresses, codes with digits (FLOOD-003, G03, s1) and single letters (A 岗, the d key) are not words.
          const words = (value.replace(/\b[a-z]+:\/\/\S+/g, '').match(/[A-Za-z][A-Za-z0-9.+_-]*/g) ?? []).filter((w) => w.length > 1 && !/\d/.test(w));
          if (words.some((w) => !allowed.includes(w))) out.add(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${a}="${value}"`);
        }
      }
      return [...out];
    },
    { attributes: NAME_ATTRIBUTES, allowed: [...LATIN_ALLOWED, ...ACCOUNTS] },
  );
  return found.sort();
}

/** Brings a header tab into view as a person does (‹ ›, one step at a time), then opens it. */
async function openTab(page: Page, item: Locator): Promise<void> {
  const strip = page.locator('.page-tabs-strip');
  await expect(async () => {
    const s = (await strip.boundingBox())!;
    const b = (await item.boundingBox())!;
    if (b.x + b.width > s.x + s.width + 1) await page.getByTestId('page-tabs-more').click({ timeout: 2000 });
    else if (b.x < s.x - 1) await page.getByTestId('page-tabs-back').click({ timeout: 2000 });
    const s2 = (await strip.boundingBox())!;
    const b2 = (await item.boundingBox())!;
    expect(b2.x >= s2.x - 1 && b2.x + b2.width <= s2.x + s2.width + 1).toBe(true);
  }).toPass();
  await item.click();
  await expect(item).toHaveClass(/ant-segmented-item-selected/);
}

/** The queue with a row's detail open, the dispatch dialog (d) and the intake (n). */
async function queueStates(page: Page, audit: Audit, dialogs: boolean): Promise<void> {
  const first = page.getByTestId('queue-row').first();
  await first.click();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('detail-state')).toBeVisible();
  await audit.check(page, 'queue+detail');
  await page.screenshot({ path: test.info().outputPath('queue-detail-1366.png') });
  if (!dialogs) return;
  await first.focus();
  await page.keyboard.press('d');
  await expect(page.getByTestId('dispatch-confirm')).toBeFocused();
  await audit.check(page, 'queue+dispatch');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dispatch-panel-body')).toBeHidden();
  await first.focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('intake-form')).toBeVisible();
  await audit.check(page, 'queue+intake');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('intake-form')).toBeHidden();
}

/** Every header tab of the signed-in account, in order, with the extra states some pages have. */
async function everyTab(page: Page, audit: Audit, extra: (tab: string) => Promise<void>): Promise<void> {
  const items = page.locator('.page-tabs .ant-segmented-item');
  const n = await items.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    const tab = (await item.locator('[data-testid^="tab-"]').count()) > 0 ? (await item.locator('[data-testid^="tab-"]').getAttribute('data-testid'))! : 'tab-calendar';
    if (AUDITED.has(tab) && !PER_ACCOUNT.has(tab)) continue;
    AUDITED.add(tab);
    await openTab(page, item);
    const root = PAGE_ROOT[tab];
    expect(root, `the page of ${tab}`).toBeDefined();
    await expect(page.getByTestId(root!).first()).toBeVisible();
    await audit.check(page, tab.slice(4));
    await extra(tab);
  }
}

async function seeded(desk: Desk): Promise<void> {
  await seedMorning(desk);
  await desk.core.roster.generate(desk.actor('lihua'), '2026-11');
}

test('the officer (zhangwei): sign-in, every tab, the queue’s detail, dispatch and intake', async ({ page, desk }, info) => {
  await seeded(desk);
  const audit = new Audit('zhangwei', info);
  await page.goto(desk.web.url);
  await expect(page.getByTestId('signin-username')).toBeVisible();
  await audit.check(page, 'sign-in');
  await signIn(page, desk, 'zhangwei');
  await everyTab(page, audit, async (tab) => {
    if (tab === 'tab-queue') await queueStates(page, audit, true);
  });
  audit.finish();
});

test('the leader (lihua): every tab, the queue’s dialogs, the plan library and editor', async ({ page, desk }, info) => {
  await seeded(desk);
  const audit = new Audit('lihua', info);
  await signIn(page, desk, 'lihua');
  await everyTab(page, audit, async (tab) => {
    if (tab === 'tab-queue') await queueStates(page, audit, true);
    if (tab === 'tab-plans') {
      await page.getByTestId('plans-section-library').click();
      await expect(page.getByTestId('plan-template-create')).toBeVisible();
      await audit.check(page, 'plans:library');
      await page.getByTestId('plan-template-edit').first().click();
      await expect(page.getByTestId('plan-editor')).toBeVisible();
      await expect(page.getByTestId('plan-editor-name')).toBeVisible();
      await audit.check(page, 'plans:editor');
    }
  });
  audit.finish();
});

test('the administrator (admin): every tab and every settings tab', async ({ page, desk }, info) => {
  await seeded(desk);
  const audit = new Audit('admin', info);
  await signIn(page, desk, 'admin');
  await everyTab(page, audit, async (tab) => {
    if (tab !== 'tab-settings') return;
    const tabs = page.locator('.settings-tabs [role="tab"]');
    const n = await tabs.count();
    for (let i = 1; i < n; i++) {
      const key = (await tabs.nth(i).locator('[data-testid^="settings-tab-"]').getAttribute('data-testid'))!.slice('settings-tab-'.length);
      await tabs.nth(i).click();
      await expect(tabs.nth(i)).toHaveAttribute('aria-selected', 'true');
      await audit.check(page, `settings:${key}`);
    }
  });
  audit.finish();
});

test('a board staff member (zhengguohua): every tab and the queue’s detail', async ({ page, desk }, info) => {
  await seeded(desk);
  const audit = new Audit('zhengguohua', info);
  await signIn(page, desk, 'zhengguohua');
  await everyTab(page, audit, async (tab) => {
    if (tab === 'tab-queue' && (await page.getByTestId('queue-row').count()) > 0) await queueStates(page, audit, false);
  });
  audit.finish();
});

test('two wall screens of the 3×2 cockpit', async ({ desk, browser, guard }, info) => {
  await seedWallDay(desk);
  const wall = await saveWall(desk);
  const audit = new Audit('wall', info);
  const contexts: BrowserContext[] = [];
  try {
    for (const screen of wall.definition.screens.slice(0, 2)) {
      const page = await openWall(browser, guard, wall.urls[screen.id]!, contexts);
      await holdFirstPage(page, screen);
      await audit.check(page, screen.id);
    }
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
  }
  audit.finish();
});
