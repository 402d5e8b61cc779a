/**
 * The console window comes back where it was, on its monitor — and always fully on some screen,
 * whatever happened to the monitors meanwhile. Table-driven over display arrangements. Also the
 * renderer-recovery policy: reload with a notice, but stop looping after too many crashes.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RECOVERY, RendererRecovery } from '../../main/core/window/renderer-recovery';
import {
  clampInto,
  CONSOLE_WINDOW_DEFAULTS,
  parseSavedPlace,
  placeToSave,
  restorePlace,
  serializePlace,
  type DisplayInfo,
  type Rect,
  type SavedPlace,
} from '../../main/core/window/window-place';

const TASKBAR = 40;
function display(id: number, x: number, y: number, width: number, height: number, primary = false): DisplayInfo {
  return { id, bounds: { x, y, width, height }, workArea: { x, y, width, height: height - TASKBAR }, primary };
}

/** A 1920×1080 primary and a 2560×1440 to its right. */
const SIDE_BY_SIDE = [display(1, 0, 0, 1920, 1080, true), display(2, 1920, 0, 2560, 1440)];
/** The second monitor to the left of the primary: negative coordinates. */
const LEFT_OF_PRIMARY = [display(1, 0, 0, 1920, 1080, true), display(3, -1920, 0, 1920, 1080)];
/** A laptop below a big monitor. */
const STACKED = [display(1, 0, 0, 2560, 1440, true), display(4, 320, 1440, 1920, 1080)];
const LAPTOP_ONLY = [display(1, 0, 0, 1920, 1080, true)];

function inside(r: Rect, area: Rect): boolean {
  return r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;
}

function saved(bounds: Rect, displayId: number | null, displays: readonly DisplayInfo[], extra: Partial<SavedPlace> = {}): SavedPlace {
  const d = displays.find((x) => x.id === displayId);
  return { bounds, displayId, displayWorkArea: d ? d.workArea : null, maximized: false, fullScreen: false, ...extra };
}

describe('restorePlace', () => {
  const cases: { name: string; saved: SavedPlace | null; now: DisplayInfo[]; display: number; bounds?: Rect; maximized?: boolean }[] = [
    {
      name: 'first start: default size, centred on the primary',
      saved: null,
      now: SIDE_BY_SIDE,
      display: 1,
      bounds: { x: 160, y: 20, width: 1600, height: 1000 },
    },
    {
      name: 'same monitors: exactly where it was on the second monitor',
      saved: saved({ x: 2100, y: 100, width: 1600, height: 1000 }, 2, SIDE_BY_SIDE),
      now: SIDE_BY_SIDE,
      display: 2,
      bounds: { x: 2100, y: 100, width: 1600, height: 1000 },
    },
    {
      name: 'a monitor left of the primary (negative x) is kept',
      saved: saved({ x: -1800, y: 30, width: 1600, height: 1000 }, 3, LEFT_OF_PRIMARY),
      now: LEFT_OF_PRIMARY,
      display: 3,
      bounds: { x: -1800, y: 30, width: 1600, height: 1000 },
    },
    {
      name: 'the second monitor was unplugged: the same relative place on the primary, fitted',
      saved: saved({ x: 2100, y: 100, width: 1600, height: 1000 }, 2, SIDE_BY_SIDE),
      now: LAPTOP_ONLY,
      display: 1,
    },
    {
      name: 'the left monitor was unplugged: back on the primary',
      saved: saved({ x: -1800, y: 30, width: 1600, height: 1000 }, 3, LEFT_OF_PRIMARY),
      now: LAPTOP_ONLY,
      display: 1,
    },
    {
      name: 'the monitor lost resolution (2560 → 1920): shrunk and kept inside',
      saved: saved({ x: 2200, y: 200, width: 2200, height: 1300 }, 2, SIDE_BY_SIDE),
      now: [display(1, 0, 0, 1920, 1080, true), display(2, 1920, 0, 1920, 1080)],
      display: 2,
    },
    {
      name: 'half off the bottom of the stacked laptop: slid up into it',
      saved: saved({ x: 400, y: 1900, width: 1600, height: 1000 }, 4, STACKED),
      now: STACKED,
      display: 4,
    },
    {
      name: 'an unknown display id, but overlapping the big monitor: that monitor',
      saved: saved({ x: 100, y: 100, width: 1600, height: 1000 }, 99, STACKED),
      now: STACKED,
      display: 1,
      bounds: { x: 100, y: 100, width: 1600, height: 1000 },
    },
    {
      name: 'maximized is kept',
      saved: saved({ x: 100, y: 100, width: 1600, height: 1000 }, 1, SIDE_BY_SIDE, { maximized: true }),
      now: SIDE_BY_SIDE,
      display: 1,
      maximized: true,
    },
    {
      name: 'a window far off every screen with no display record: centred on the primary',
      saved: { bounds: { x: 90000, y: 90000, width: 1600, height: 1000 }, displayId: null, displayWorkArea: null, maximized: false, fullScreen: false },
      now: SIDE_BY_SIDE,
      display: 1,
      bounds: { x: 160, y: 20, width: 1600, height: 1000 },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const place = restorePlace(c.saved, c.now);
      const target = c.now.find((d) => d.id === place.displayId)!;
      expect(place.displayId).toBe(c.display);
      expect(inside(place.bounds, target.workArea), JSON.stringify(place.bounds)).toBe(true);
      expect(place.bounds.width).toBeGreaterThanOrEqual(Math.min(CONSOLE_WINDOW_DEFAULTS.minWidth, target.workArea.width));
      expect(place.bounds.height).toBeGreaterThanOrEqual(Math.min(CONSOLE_WINDOW_DEFAULTS.minHeight, target.workArea.height));
      if (c.bounds) expect(place.bounds).toEqual(c.bounds);
      expect(place.maximized).toBe(c.maximized ?? false);
    });
  }

  it('a work area smaller than the minimum size: the window takes the whole work area', () => {
    const small = [display(1, 0, 0, 1024, 768, true)];
    const place = restorePlace(saved({ x: 0, y: 0, width: 1600, height: 1000 }, 1, small), small);
    expect(place.bounds).toEqual({ x: 0, y: 0, width: 1024, height: 728 });
  });

  it('every saved place on every arrangement ends up wholly on a screen (random sweep)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n;
    const arrangements = [SIDE_BY_SIDE, LEFT_OF_PRIMARY, STACKED, LAPTOP_ONLY];
    for (let i = 0; i < 2000; i++) {
      const before = arrangements[Math.floor(rnd(4))]!;
      const after = arrangements[Math.floor(rnd(4))]!;
      const s = saved(
        { x: Math.round(rnd(8000) - 3000), y: Math.round(rnd(5000) - 1500), width: Math.round(200 + rnd(4000)), height: Math.round(200 + rnd(3000)) },
        before[Math.floor(rnd(before.length))]!.id,
        before,
      );
      const place = restorePlace(s, after);
      const target = after.find((d) => d.id === place.displayId)!;
      expect(inside(place.bounds, target.workArea)).toBe(true);
    }
  });

  it('no display information at all: the default size', () => {
    expect(restorePlace(null, []).bounds).toEqual({ x: 0, y: 0, width: 1600, height: 1000 });
  });
});

describe('the stored place', () => {
  it('round-trips through JSON and records the display it is on', () => {
    const place = placeToSave({ x: 2000.4, y: 50, width: 1600, height: 1000 }, { maximized: true, fullScreen: false }, SIDE_BY_SIDE);
    expect(place.displayId).toBe(2);
    expect(place.displayWorkArea).toEqual(SIDE_BY_SIDE[1]!.workArea);
    expect(place.bounds.x).toBe(2000);
    expect(parseSavedPlace(serializePlace(place))).toEqual(place);
  });

  it('a damaged or hand-edited file counts as no place', () => {
    for (const text of [
      '',
      '{',
      'null',
      '[]',
      '{"bounds":{"x":"a","y":0,"width":1,"height":1}}',
      JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 }, displayId: 1, displayWorkArea: null, maximized: false, fullScreen: false }),
    ]) {
      expect(parseSavedPlace(text)).toBeNull();
    }
  });

  it('clampInto slides and shrinks', () => {
    expect(clampInto({ x: -50, y: -50, width: 100, height: 100 }, { x: 0, y: 0, width: 1000, height: 1000 })).toEqual({ x: 0, y: 0, width: 100, height: 100 });
    expect(clampInto({ x: 950, y: 0, width: 100, height: 100 }, { x: 0, y: 0, width: 1000, height: 1000 })).toEqual({ x: 900, y: 0, width: 100, height: 100 });
    expect(clampInto({ x: 0, y: 0, width: 5000, height: 100 }, { x: 0, y: 0, width: 1000, height: 1000 })).toEqual({ x: 0, y: 0, width: 1000, height: 100 });
  });
});

describe('renderer recovery', () => {
  it('reloads with a notice, and after too many crashes in the window stops and asks', () => {
    const r = new RendererRecovery();
    const t0 = 1_000_000;
    for (let i = 0; i < DEFAULT_RECOVERY.maxReloads; i++) {
      const d = r.onGone('crashed', t0 + i * 1000, 139);
      expect(d.action).toBe('reload');
      if (d.action === 'reload') expect(d.notice).toContain('已自动重新载入');
    }
    const stop = r.onGone('oom', t0 + 5000);
    expect(stop.action).toBe('ask');
    if (stop.action === 'ask') expect(stop.logLine).toMatch(/not reloading again/);
    // The officer asks to try again: the count starts over.
    r.reset();
    expect(r.onGone('crashed', t0 + 6000).action).toBe('reload');
  });

  it('forgets crashes older than its window; ignores a clean exit; names a hang', () => {
    const r = new RendererRecovery({ maxReloads: 1, windowMs: 60_000, hangGraceMs: 1000 });
    expect(r.onGone('crashed', 0).action).toBe('reload');
    expect(r.onGone('crashed', 10_000).action).toBe('ask');
    expect(r.onGone('crashed', 120_000).action).toBe('reload');
    expect(r.onGone('clean-exit', 130_000).action).toBe('ignore');
    const hung = new RendererRecovery().onGone('hung', 0);
    expect(hung.action === 'reload' && hung.notice).toContain('无响应');
    expect(new RendererRecovery().onGone('something-new', 0).action).toBe('reload');
  });
});
