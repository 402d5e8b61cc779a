/**
 * The Electron shell's wall windows, with Electron replaced by a fake (no Electron binary here): one
 * frameless full-screen window per planned display, each on its screens' route with a wall token;
 * a display unplugged re-maps (windows closed, others re-pointed), plugged back re-maps again; the
 * setting turned off closes them all. The mapping itself is display-mapping.test.ts's.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { templateLayout } from '../../renderer/src/wall/wall-templates';
import { makeCore, type TestCore } from '../support/core';

interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
  scaleFactor: number;
}

const fake = vi.hoisted(() => {
  const windows: FakeWindow[] = [];
  class FakeWindow {
    destroyed = false;
    loaded: string | null = null;
    bounds: { x: number; y: number; width: number; height: number };
    readonly handlers = new Map<string, () => void>();
    readonly webContents = { on: () => undefined, setWindowOpenHandler: () => undefined };
    constructor(readonly options: Record<string, unknown>) {
      this.bounds = { x: options.x as number, y: options.y as number, width: options.width as number, height: options.height as number };
      windows.push(this);
    }
    loadFile(_file: string, o: { hash: string }): Promise<void> {
      this.loaded = o.hash;
      return Promise.resolve();
    }
    loadURL(url: string): Promise<void> {
      this.loaded = url;
      return Promise.resolve();
    }
    once(event: string, fn: () => void): void {
      this.handlers.set(event, fn);
    }
    on(event: string, fn: () => void): void {
      this.handlers.set(event, fn);
    }
    setBounds(b: FakeWindow['bounds']): void {
      this.bounds = b;
    }
    setFullScreen(): void {}
    showInactive(): void {}
    isDestroyed(): boolean {
      return this.destroyed;
    }
    destroy(): void {
      this.destroyed = true;
      this.handlers.get('closed')?.();
    }
    getBounds(): FakeWindow['bounds'] {
      return this.bounds;
    }
  }
  return { windows, FakeWindow, screen: null as unknown as EventEmitter & { displays: FakeDisplay[] } };
});

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  const screen = Object.assign(new Emitter(), {
    displays: [] as FakeDisplay[],
    getAllDisplays() {
      return screen.displays;
    },
    getPrimaryDisplay() {
      return screen.displays[0];
    },
    getDisplayMatching(b: { x: number; y: number }) {
      return screen.displays.find((d) => b.x >= d.bounds.x && b.x < d.bounds.x + d.bounds.width) ?? screen.displays[0];
    },
  });
  fake.screen = screen;
  return { BrowserWindow: fake.FakeWindow, screen, app: { on: () => undefined }, session: {} };
});

const { attachWallWindows } = await import('../../main/shell/wall-windows');

const display = (id: number, x: number, y = 0): FakeDisplay => ({ id, bounds: { x, y, width: 1920, height: 1080 }, scaleFactor: 1 });
const open = () => fake.windows.filter((w) => !w.destroyed);
const routes = () =>
  open()
    .map((w) => /^(?:app:\/\/duty-desk\/index\.html#)?\/wall\/[^/]+\/([^?]+)/.exec(w.loaded ?? '')?.[1])
    .sort();

let t: TestCore;
let detach: (() => void) | null = null;
beforeEach(async () => {
  t = await makeCore();
  fake.windows.length = 0;
});
afterEach(async () => {
  detach?.();
  detach = null;
  await t.close();
});

/** The shell waits for displays to settle (400 ms) before it maps: wait past that, and for the mapping. */
async function settle(): Promise<void> {
  await new Promise((r) => setTimeout(r, 700));
}

describe('wall windows', () => {
  it('open one per display, re-map when a display goes and comes back, and close when turned off', async () => {
    // The console on display 1; three more displays in a row for a 3×1 wall.
    fake.screen.displays = [display(1, 0), display(2, 1920), display(3, 3840), display(4, 5760)];
    const consoleWindow = { isDestroyed: () => false, getBounds: () => ({ x: 100, y: 100, width: 1600, height: 1000 }) };
    const log = { info: vi.fn(), error: vi.fn() };
    detach = attachWallWindows(t.core, { consoleWindow: () => consoleWindow as never, log });
    await settle();
    expect(open()).toHaveLength(0);

    const { id } = await t.core.wall.save(t.officer, { name: 'W', definition: templateLayout(3, 1) });
    await t.core.wall.setSettings(t.officer, { localLayoutId: id });
    await settle();
    expect(routes()).toEqual(['s1-1', 's2-1', 's3-1']);
    for (const w of open()) {
      expect(w.options).toMatchObject({ frame: false, fullscreen: true });
      expect(w.options.webPreferences as Record<string, unknown>).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      // Each window is a wall viewer of its own screens.
      const token = decodeURIComponent(/[?&]t=([^&]+)/.exec(w.loaded!)![1]!);
      expect(t.core.wall.verifyToken(token)?.screenIds).toEqual([/\/wall\/[^/]+\/([^?]+)/.exec(w.loaded!)![1]]);
    }
    expect(
      open()
        .map((w) => w.bounds.x)
        .sort((a, b) => a - b),
    ).toEqual([1920, 3840, 5760]);
    expect((await t.core.wall.displays(t.officer)).unusedDisplayIds).toEqual(['1']);

    // Display 4 unplugged: two displays for three screens — the wall is cut into two parts.
    fake.screen.displays = fake.screen.displays.filter((d) => d.id !== 4);
    fake.screen.emit('display-removed');
    await settle();
    expect(open()).toHaveLength(2);
    expect(
      open()
        .flatMap((w) => /\/wall\/[^/]+\/([^?]+)/.exec(w.loaded!)![1]!.split('+'))
        .sort(),
    ).toEqual(['s1-1', 's2-1', 's3-1']);

    // Plugged back: one screen per display again.
    fake.screen.displays.push(display(4, 5760));
    fake.screen.emit('display-added');
    await settle();
    expect(routes()).toEqual(['s1-1', 's2-1', 's3-1']);

    // Turned off: every window closes and its token is gone.
    const tokens = open().map((w) => decodeURIComponent(/[?&]t=([^&]+)/.exec(w.loaded!)![1]!));
    await t.core.wall.setSettings(t.officer, { localLayoutId: null });
    await settle();
    expect(open()).toHaveLength(0);
    for (const token of tokens) expect(t.core.wall.verifyToken(token)).toBeNull();
  });

  it('one monitor shows the whole wall scaled in one window', async () => {
    fake.screen.displays = [display(1, 0)];
    detach = attachWallWindows(t.core, { consoleWindow: () => null, log: { info: vi.fn(), error: vi.fn() } });
    const { id } = await t.core.wall.save(t.officer, { name: 'W', definition: templateLayout(3, 2) });
    await t.core.wall.setSettings(t.officer, { localLayoutId: id });
    await settle();
    expect(routes()).toEqual(['s1-1+s2-1+s3-1+s1-2+s2-2+s3-2']);
  });
});
