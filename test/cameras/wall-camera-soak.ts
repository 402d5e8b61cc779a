/**
 * `wall_camera_heap_growth_pct` (issue #18): a wall page in Chromium with one 3×3 摄像头轮巡 tile (nine
 * camera pictures at once, the page's decoder cap at 9) over ONE SIMULATED HOUR: eighteen cameras on
 * ffmpeg's loopback HLS stream (test/support/camera-streams.ts), so every turn replaces all nine
 * players; the hour's 120 turns at the default 30 s are driven through the page's hook
 * (`window.__cameraGroups.step()`, the same turn the page's clock makes), each waiting until the nine
 * new players play (a turn that left a decoder or an engine behind would show here).
 * The JS heap (CDP: HeapProfiler.collectGarbage, then Runtime.getHeapUsage) after a warm-up of 40 turns
 * and at the end; the players playing and the <video> elements holding a source, at both; then the
 * layout changes to one without cameras: no <video> left, no decoder held.
 * Target: growth under 10 %. Runnable alone: `npx tsx test/cameras/wall-camera-soak.ts`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { createCore } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { startWebConsole, type WebConsole } from '../../main/web/server';
import type { WallDefinition } from '../../preload/contract/wall-schemas';
import { startCameraStreams, type CameraStreamServer } from '../support/camera-streams';

const ROOT = path.resolve(__dirname, '../..');
const RENDERER_DIR = process.env.DD_RENDERER_DIR ? path.resolve(process.env.DD_RENDERER_DIR) : path.join(ROOT, 'out/renderer');
/** An hour of turns at the default 30 s. */
const HOUR_OF_TURNS = 3600 / 30;
/** The heap climbs over the first 40–60 turns (code compiled, the players' libraries' caches filled) and then holds: the hour is measured after them. */
const WARM_UP_TURNS = 40;

export interface WallCameraSoak {
  wall_camera_heap_growth_pct: number;
  wall_camera_heap_start_mb: number;
  wall_camera_heap_end_mb: number;
  wall_camera_turns: number;
  wall_camera_videos_start: number;
  wall_camera_videos_end: number;
  wall_camera_playing_end: number;
  wall_camera_videos_after_layout_change: number;
  wall_camera_decoders_after_layout_change: number;
}

function wall(tiles: WallDefinition['screens'][number]['pages'][number]['tiles']): WallDefinition {
  return {
    theme: 'dark',
    wall: { columns: 1, rows: 1 },
    screenSize: { width: 1920, height: 1080 },
    screens: [{ id: 's1', col: 0, row: 0, grid: { columns: 2, rows: 2 }, rotateSeconds: 0, pages: [{ id: 'p1', tiles }] }],
  };
}

/** Players playing, <video> elements holding a source, decoders held. */
function counts(page: Page): Promise<{ playing: number; videos: number; decoders: number; group: string | null }> {
  return page.evaluate(() => ({
    playing: document.querySelectorAll('[data-testid="camera-player"][data-state="playing"]').length,
    videos: [...document.querySelectorAll('video')].filter((v) => v.src || v.srcObject).length,
    decoders: (window as unknown as { __cameraDecoders?: () => { inUse: number } }).__cameraDecoders?.().inUse ?? 0,
    group: document.querySelector('.wall-camera-group .wall-camera-body')?.getAttribute('data-group') ?? null,
  }));
}

async function heapBytes(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/**
 * One turn, in the page: the hook steps every group, then the nine new players play (polled in the page,
 * so no harness handles are kept). A string, so that the bundler adds nothing the page lacks.
 */
const TURN_IN_PAGE = `(g) => new Promise((resolve) => {
  window.__cameraGroups.step();
  const until = performance.now() + 60000;
  const check = () => {
    const ok = document.querySelector('.wall-camera-group .wall-camera-body')?.getAttribute('data-group') === g &&
      document.querySelectorAll('[data-testid="camera-player"][data-state="playing"]').length === 9;
    if (ok || performance.now() > until) resolve(ok);
    else setTimeout(check, 100);
  };
  check();
})`;

async function turn(page: Page, expectGroup: string): Promise<void> {
  const done = await page.evaluate(`(${TURN_IN_PAGE})(${JSON.stringify(expectGroup)})`);
  if (done !== true) throw new Error(`group ${expectGroup}: the nine players did not all play within 60 s`);
}

export async function wallCameraSoak(options: { turns?: number; log?: (line: string) => void } = {}): Promise<WallCameraSoak> {
  const turns = options.turns ?? HOUR_OF_TURNS;
  const log = options.log ?? ((line: string) => console.error(line));
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) throw new Error('no built renderer in out/renderer: run `npx electron-vite build` first');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-camera-soak-'));
  const core = await createCore({ demo: true, dataDir, clock: new ManualClock('2026-11-23T01:00:00Z'), kdfLogN: 10, sweepIntervalMs: 0, startSync: false, backupIntervalMs: 0 });
  let web: WebConsole | null = null;
  let browser: Browser | null = null;
  let streams: CameraStreamServer | null = null;
  try {
    streams = await startCameraStreams();
    web = await startWebConsole(core, { rendererDir: RENDERER_DIR });
    const person = (role: string): Actor => {
      const p = [...core.town.people.values()].find((x) => x.roles.includes(role as never))!;
      return { id: p.id, roles: p.roles };
    };
    const gridCode = [...core.town.grids.keys()][0]!;
    const codes = Array.from({ length: 18 }, (_, i) => `SOAK-CAM-${String(i + 1).padStart(2, '0')}`);
    for (const [i, code] of codes.entries()) {
      await core.cameras.add(person('admin'), {
        code,
        name: `轮巡摄像头${i + 1}`,
        lng: 120.17,
        lat: 29.93,
        gridCode,
        hlsUrl: streams.hlsUrl,
        flvUrl: null,
        whepUrl: null,
        snapshotUrl: null,
      });
    }
    const leader = person('leader');
    await core.wall.setCameraSettings(leader, 9);
    // 600 s: the page's own clock does not turn the group during the run; the hook does.
    const { id } = await core.wall.save(leader, {
      name: '摄像头浸泡',
      definition: wall([{ id: 'group', panel: 'cameraGroup', x: 0, y: 0, w: 2, h: 2, options: { size: 3, cameras: codes, rotateSeconds: 600 } }]),
    });
    const url = new URL(web.url).origin + (await core.wall.issueToken(leader, id, 's1')).path;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--no-first-run', '--disable-background-networking'],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="camera-player"][data-state="playing"]').length === 9, undefined, { timeout: 60_000 });

    let group = 1;
    const next = (): string => String((group = (group % 2) + 1));
    for (let i = 0; i < WARM_UP_TURNS; i++) await turn(page, next());
    const heapStart = await heapBytes(cdp);
    const start = await counts(page);
    const started = performance.now();
    for (let i = 0; i < turns; i++) {
      await turn(page, next());
      if ((i + 1) % 20 === 0) log(`  wall camera soak: ${i + 1}/${turns} turns, heap ${((await heapBytes(cdp)) / 1048576).toFixed(2)} MB`);
    }
    const heapEnd = await heapBytes(cdp);
    const end = await counts(page);
    const growth = ((heapEnd - heapStart) / heapStart) * 100;
    log(
      `  wall camera soak: ${turns} turns of a 3×3 group (one hour at 30 s) in ${Math.round((performance.now() - started) / 1000)} s; heap ${(heapStart / 1048576).toFixed(1)} → ${(heapEnd / 1048576).toFixed(1)} MB (${growth.toFixed(1)} %, target < 10); videos ${start.videos} → ${end.videos}, playing ${start.playing} → ${end.playing}, decoders ${start.decoders} → ${end.decoders}`,
    );

    // The layout changes to one without cameras: every picture and decoder released.
    await core.wall.save(leader, { layoutId: id, name: '摄像头浸泡', definition: wall([{ id: 'clock', panel: 'clock', x: 0, y: 0, w: 2, h: 1, options: {} }]) });
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="camera-player"]').length === 0 && !!document.querySelector('[data-testid="wall-panel-clock"]'),
      undefined,
      {
        timeout: 30_000,
      },
    );
    const after = await counts(page);
    log(`  wall camera soak: layout without cameras: ${after.videos} videos, ${after.decoders} decoders held`);
    if (after.videos !== 0 || after.decoders !== 0) throw new Error(`decoders not released on a layout change: ${after.videos} videos, ${after.decoders} decoders`);
    await context.close();
    return {
      wall_camera_heap_growth_pct: Math.round(growth * 100) / 100,
      wall_camera_heap_start_mb: Math.round((heapStart / 1048576) * 10) / 10,
      wall_camera_heap_end_mb: Math.round((heapEnd / 1048576) * 10) / 10,
      wall_camera_turns: turns,
      wall_camera_videos_start: start.videos,
      wall_camera_videos_end: end.videos,
      wall_camera_playing_end: end.playing,
      wall_camera_videos_after_layout_change: after.videos,
      wall_camera_decoders_after_layout_change: after.decoders,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await streams?.close().catch(() => undefined);
    await web?.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const turns = process.env.SOAK_TURNS ? Number(process.env.SOAK_TURNS) : undefined;
  void wallCameraSoak({ turns }).then((figures) => console.log(JSON.stringify(figures)));
}
