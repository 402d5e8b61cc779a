/**
 * The SQLite the console runs on: the one scripts/sqlite-engine.mjs builds (3.53.4), sources in place
 * so that a rebuild (electron-builder's, for Electron) compiles the same, and the start check's
 * verdicts: a withdrawn release (3.52.0) and anything older than 3.53.2 are refused with a sentence.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertSqliteEngine, judgeSqlite, MINIMUM_SQLITE, sqliteVersion, sqliteVersionNumber, WITHDRAWN_SQLITE } from '../../main/core/db/sqlite-engine';

const ROOT = path.resolve(__dirname, '../..');
const SCRIPT = readFileSync(path.join(ROOT, 'scripts/sqlite-engine.mjs'), 'utf8');
const PINNED = /version: '([\d.]+)'/.exec(SCRIPT)![1]!;
const PINNED_NUMBER = /number: '(\d+)'/.exec(SCRIPT)![1]!;

describe('the engine', () => {
  it('the driver runs the SQLite the install script builds, and the start check accepts it', async () => {
    expect(PINNED).toBe('3.53.4');
    expect(await sqliteVersion()).toBe(PINNED);
    await expect(assertSqliteEngine()).resolves.toBe(PINNED);
  });

  it("sqlite3's sources are the pinned amalgamation: a rebuild for Electron compiles the same, and the withdrawn one is gone", () => {
    const deps = path.join(ROOT, 'node_modules/sqlite3/deps');
    expect(readFileSync(path.join(deps, 'common-sqlite.gypi'), 'utf8')).toMatch(new RegExp(`'sqlite_version%'\\s*:\\s*'${PINNED_NUMBER}'`));
    expect(existsSync(path.join(deps, `sqlite-autoconf-${PINNED_NUMBER}.tar.gz`))).toBe(true);
    expect(readdirSync(deps).filter((name) => name.startsWith('sqlite-autoconf-'))).toEqual([`sqlite-autoconf-${PINNED_NUMBER}.tar.gz`]);
  });

  it('package.json runs the build after every install and denies sqlite3 its own (a 3.52.0 binary or build)', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; allowScripts: Record<string, boolean> };
    expect(pkg.scripts.postinstall).toBe('node scripts/sqlite-engine.mjs');
    expect(pkg.allowScripts.sqlite3).toBe(false);
  });
});

describe('the start check', () => {
  it('refuses the withdrawn 3.52.0 with its reason, in Chinese', () => {
    const verdict = judgeSqlite('3.52.0');
    expect(verdict).toMatchObject({ ok: false, why: 'withdrawn' });
    expect(!verdict.ok && verdict.message).toContain('SQLite 3.52.0 是已撤回的版本');
    expect(!verdict.ok && verdict.message).toContain(WITHDRAWN_SQLITE['3.52.0']);
  });

  it('refuses anything older than the minimum, and says which minimum', () => {
    expect(MINIMUM_SQLITE).toBe('3.53.2');
    for (const old of ['3.53.1', '3.51.3', '3.45.0', '2.8.17']) {
      const verdict = judgeSqlite(old);
      expect(verdict, old).toMatchObject({ ok: false, why: 'too_old' });
      expect(!verdict.ok && verdict.message).toContain(`低于要求的最低版本 ${MINIMUM_SQLITE}`);
    }
  });

  it('accepts the minimum and newer, and refuses a version it cannot read', () => {
    for (const ok of ['3.53.2', '3.53.4', '3.54.0', '3.100.1', '4.0.0']) expect(judgeSqlite(ok), ok).toEqual({ ok: true });
    expect(judgeSqlite('3.53')).toMatchObject({ ok: false, why: 'unreadable' });
    expect(sqliteVersionNumber('3.53.4')).toBe(3053004);
  });
});
