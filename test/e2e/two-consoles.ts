/**
 * Two consoles of the sample town 白鹭镇 linked to one real reference district server on loopback
 * (test/district), each with its own data folder and web console, their sync loops running: what one
 * desk does reaches the other through the district. Kept apart from fixtures.ts (which has one
 * console per test); the page guard and contexts are fixtures.ts's.
 */
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { expect, START, test as base, TOWN_CODE } from './fixtures';

type Core = import('../../main/core/app-core').Core;
type WebConsole = import('../../main/web/server').WebConsole;
type SampleTown = import('../support/sample-town-core').SampleTown;
type DistrictServer = import('../district/server').DistrictServer;

const { ManualClock } = tsxRequire('../../main/core/kernel/clock', __filename) as typeof import('../../main/core/kernel/clock');
const { startWebConsole } = tsxRequire('../../main/web/server', __filename) as typeof import('../../main/web/server');
const { startDistrictServer } = tsxRequire('../district/server', __filename) as typeof import('../district/server');
const { sampleTownCore, sampleTown, SAMPLE_PASSWORD } = tsxRequire('../support/sample-town-core', __filename) as typeof import('../support/sample-town-core');

const RENDERER_DIR = process.env.DD_RENDERER_DIR ? path.resolve(process.env.DD_RENDERER_DIR) : path.resolve(__dirname, '../../out/renderer');

const NODES = { a: 'a0000000-0000-4000-8000-0000000000e1', b: 'b0000000-0000-4000-8000-0000000000e2' } as const;

/** One console of the pair: its core, its web console, its town (people by role, item and grid codes). */
export interface LinkedConsole {
  readonly core: Core;
  readonly web: WebConsole;
  readonly town: SampleTown;
  /** The username of the town's first officer on this console. */
  readonly officer: string;
}

export interface TwoConsoles {
  readonly a: LinkedConsole;
  readonly b: LinkedConsole;
  readonly district: DistrictServer;
}

export const test = base.extend<{ twoConsoles: TwoConsoles }>({
  twoConsoles: async ({}, use) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-e2e-two-'));
    const clock = new ManualClock(START);
    const opened: { core: Core; web: WebConsole | null }[] = [];
    let district: DistrictServer | null = null;
    try {
      district = await startDistrictServer({
        port: 0,
        dataDir: path.join(dir, 'district'),
        tokens: { 'e2e-tok-a': { townCode: TOWN_CODE, nodeId: NODES.a, role: 'console' }, 'e2e-tok-b': { townCode: TOWN_CODE, nodeId: NODES.b, role: 'console' } },
        pingIntervalMs: 1000,
      });
      const open = async (name: 'a' | 'b'): Promise<LinkedConsole> => {
        const core = await sampleTownCore({
          dataDir: path.join(dir, name),
          clock,
          kdfLogN: 10,
          sweepIntervalMs: 0,
          nodeId: NODES[name],
          sync: { upstream: district!.url, token: `e2e-tok-${name}`, townCode: TOWN_CODE, requestTimeoutMs: 3000, pollIntervalMs: 1000, maxBackoffMs: 1000 },
        });
        const entry: { core: Core; web: WebConsole | null } = { core, web: null };
        opened.push(entry);
        entry.web = await startWebConsole(core, { rendererDir: RENDERER_DIR, callOptions: { checkResponses: true } });
        const town = sampleTown(core);
        return { core, web: entry.web, town, officer: core.town.people.get(town.officer.id)!.username };
      };
      await use({ a: await open('a'), b: await open('b'), district });
    } finally {
      for (const o of opened.reverse()) {
        await o.web?.close().catch(() => undefined);
        await o.core.close().catch(() => undefined);
      }
      await district?.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Opens one console's page and signs in as its first officer; resolves when the queue is on screen. */
export async function signInTo(page: Page, c: LinkedConsole): Promise<void> {
  await page.goto(c.web.url);
  await page.getByTestId('signin-username').fill(c.officer);
  await page.getByTestId('signin-password').fill(SAMPLE_PASSWORD);
  await page.getByTestId('signin-password').press('Enter');
  await expect(page.getByTestId('app-header')).toBeVisible();
  await expect(page.getByTestId('queue-list')).toBeVisible();
}

/** Until the console's sync worker is connected and follows the live stream. */
export async function untilLinked(c: LinkedConsole): Promise<void> {
  await expect
    .poll(
      async () => {
        const s = await c.core.sync!.status();
        return `${s.state}/${s.streaming}`;
      },
      { timeout: 30_000 },
    )
    .toBe('connected/true');
}
