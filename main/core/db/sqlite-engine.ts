/**
 * The SQLite the console runs on, checked at every start before any database file is opened.
 *
 * The sqlite3 driver is built on SQLite 3.53.4 by scripts/sqlite-engine.mjs (npm's postinstall; README,
 * "The storage engine"). A driver built some other way — a prebuilt binary downloaded by sqlite3's own
 * install script, an old build left in node_modules, a package built with the wrong sources — may carry
 * a withdrawn or older SQLite: the core then refuses to open the database and says why.
 */
import sqlite3 from 'sqlite3';

/** The oldest SQLite the console opens a database on. */
export const MINIMUM_SQLITE = '3.53.2';

/**
 * Releases SQLite withdrew, with the reason, in the officer's words. 3.52.0 ("important issues have
 * been found") was replaced by 3.51.3, which carries the fix for the WAL-reset corruption bug; it also
 * reads decimal text 1 ULP off (39.818994 → 39.818993999999996). Below the minimum anyway: listed so
 * that the message names the real reason.
 */
export const WITHDRAWN_SQLITE: Readonly<Record<string, string>> = {
  '3.52.0': 'SQLite 官方已撤回此版本（发布后发现重要问题，由 3.51.3 取代）：WAL 重置时可能损坏数据库，写入的小数读回时可能与原值相差一个最小单位',
};

/** `3.53.2` → 3053002 (SQLITE_VERSION_NUMBER's layout); NaN for anything else. */
export function sqliteVersionNumber(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3]);
}

export type SqliteVerdict = { ok: true } | { ok: false; why: 'withdrawn' | 'too_old' | 'unreadable'; message: string };

const REINSTALL = '请重新安装值班台；开发环境请运行 npm run postinstall 重新构建 sqlite3 驱动（见 README「The storage engine」）。';

/** Whether the console may open a database on this SQLite, and if not, the sentence that says why. */
export function judgeSqlite(version: string): SqliteVerdict {
  const withdrawn = WITHDRAWN_SQLITE[version.trim()];
  if (withdrawn) {
    return { ok: false, why: 'withdrawn', message: `值班台拒绝打开数据库：数据库引擎 SQLite ${version} 是已撤回的版本（${withdrawn}）。${REINSTALL}` };
  }
  const number = sqliteVersionNumber(version);
  if (Number.isNaN(number)) {
    return { ok: false, why: 'unreadable', message: `值班台拒绝打开数据库：无法识别数据库引擎 SQLite 的版本「${version}」。${REINSTALL}` };
  }
  if (number < sqliteVersionNumber(MINIMUM_SQLITE)) {
    return {
      ok: false,
      why: 'too_old',
      message: `值班台拒绝打开数据库：数据库引擎 SQLite ${version} 低于要求的最低版本 ${MINIMUM_SQLITE}（更早的版本有已修复的数据库损坏问题）。${REINSTALL}`,
    };
  }
  return { ok: true };
}

/** A start refused for its SQLite: the shell shows the message in its start-failure dialog, the web console and headless print it. */
export class SqliteEngineError extends Error {
  readonly code = 'sqlite_engine_refused';
  constructor(
    readonly version: string,
    readonly why: 'withdrawn' | 'too_old' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'SqliteEngineError';
  }
}

let running: Promise<string> | null = null;

/** `sqlite_version()` of the linked SQLite, asked once per process on an in-memory database. */
export function sqliteVersion(): Promise<string> {
  running ??= new Promise<string>((resolve, reject) => {
    const db = new sqlite3.Database(':memory:', (openError) => {
      if (openError) {
        reject(openError);
        return;
      }
      db.get<{ v: string }>('SELECT sqlite_version() AS v', (error, row) => {
        db.close();
        if (error) reject(error);
        else resolve(row!.v);
      });
    });
  }).catch((error: unknown) => {
    running = null;
    throw error;
  });
  return running;
}

/** The SQLite version, or a SqliteEngineError when the console must not open a database on it. */
export async function assertSqliteEngine(): Promise<string> {
  const version = await sqliteVersion();
  const verdict = judgeSqlite(version);
  if (!verdict.ok) throw new SqliteEngineError(version, verdict.why, verdict.message);
  return version;
}
