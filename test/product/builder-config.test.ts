/**
 * The installers' configuration, checked by electron-builder's own loader and JSON-schema
 * validation (no download needed), and against what the app expects of a packaged build: the demo
 * town beside the asar where main/index.ts looks for it, sqlite3 unpacked, the generic update feed,
 * icons that are real PNG/ICO files of the sizes the targets need, and no library left out of the
 * asar that the main process loads.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');

async function loadConfig(): Promise<Configuration> {
  return getConfig(ROOT, null, null);
}

/** `files` as patterns (electron-builder normalizes the list into `[{ filter: [...] }]`). */
function filePatterns(config: Configuration): string[] {
  const list = (Array.isArray(config.files) ? config.files : [config.files]) as (string | { filter?: string | string[] })[];
  return list.flatMap((f) => (typeof f === 'string' ? [f] : Array.isArray(f.filter) ? f.filter : f.filter ? [f.filter] : []));
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function targetsOf(platform: { target?: unknown } | null | undefined): string[] {
  const list = (Array.isArray(platform?.target) ? platform.target : [platform?.target]) as ({ target: string } | string)[];
  return list.map((t) => (typeof t === 'string' ? t : t.target));
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('a wrong key is caught by the same validation (the check is real)', async () => {
    const config = await loadConfig();
    await expect(validateConfiguration({ ...config, win: { ...config.win, publisherName: 'x' } as never }, new DebugLogger(false))).rejects.toThrow(/configuration\.win/);
  });

  it('builds AppImage and deb for Linux and NSIS for Windows, as 值班台', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('cn.dutydesk.console');
    expect(config.productName).toBe('值班台');
    expect(targetsOf(config.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, deleteAppDataOnUninstall: false });
  });

  it('packs out/ into an asar with sqlite3 unpacked, and the demo town beside it where main/index.ts looks', async () => {
    const config = await loadConfig();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/sqlite3/**');
    expect(filePatterns(config)).toContain('out/**');
    expect(config.extraResources).toEqual([{ from: 'resources/demo-town', to: 'resources/demo-town', filter: ['**/*'] }]);
    // main/index.ts: resourcesDir = path.join(process.resourcesPath, 'resources') when packaged.
    expect(readFileSync(path.join(ROOT, 'main/index.ts'), 'utf8')).toContain("path.join(process.resourcesPath, 'resources')");
    expect(statSync(path.join(ROOT, 'resources/demo-town/town.json')).isFile()).toBe(true);
  });

  it('publishes to a generic (intranet HTTP) feed', async () => {
    const config = await loadConfig();
    const publish = (Array.isArray(config.publish) ? config.publish : [config.publish]) as { provider: string; url?: string }[];
    expect(publish).toHaveLength(1);
    expect(publish[0]).toMatchObject({ provider: 'generic', channel: 'latest' });
    // The built-in address is a placeholder that never resolves; the real one comes from settings.
    expect(new URL(publish[0]!.url!).hostname.endsWith('.invalid')).toBe(true);
  });

  it('leaves out of the asar only libraries the main process never loads', async () => {
    const config = await loadConfig();
    const exclusion = filePatterns(config).find((f) => f.startsWith('!node_modules/{'))!;
    const excluded = /\{([^}]+)\}/.exec(exclusion)![1]!.split(',');
    const sources: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(name)) sources.push(readFileSync(p, 'utf8'));
      }
    };
    walk(path.join(ROOT, 'main'));
    walk(path.join(ROOT, 'preload'));
    const imported = new Set<string>();
    for (const text of sources) {
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"./][^'"]*)['"]/g)) {
        const spec = m[1]!;
        imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
    expect(imported.has('typeorm')).toBe(true); // the scan sees real imports
    for (const name of excluded) expect(imported.has(name), `main or preload imports ${name}, which the asar leaves out`).toBe(false);
  });

  it('has the icons the targets need: PNGs of 256 and 512 and more for Linux, a multi-size .ico for Windows', async () => {
    const config = await loadConfig();
    const linuxIcons = path.join(ROOT, config.linux!.icon as string);
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(path.join(linuxIcons, `${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
    const ico = readFileSync(path.join(ROOT, config.win!.icon as string));
    expect(ico.readUInt16LE(2)).toBe(1); // an icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });
});
