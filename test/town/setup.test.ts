/**
 * The first start of a town's own console: an empty data folder without `--demo` is unconfigured and
 * answers only the set-up; the set-up makes the town and its first administrator in one command; the
 * town and the account survive a restart; the demo password is refused in it; a bad set-up changes
 * nothing. Nothing here uses the demo town.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi, type Session } from '../../main/ipc/handlers';

const TOWN = {
  townCode: '420106008000',
  townName: '东湖街道',
  admin: { name: '周敏', username: 'zhoumin', password: 'donghu-2026' },
};

let dir: string;
let core: Core;
const open = (extra: Partial<Parameters<typeof createCore>[0]> = {}) =>
  createCore({ dataDir: dir, clock: new ManualClock('2026-11-23T01:00:00.000Z'), kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false, ...extra });

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-setup-'));
  core = await open();
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the answers are checked against their schemas (checkResponses)
const call = (channel: string, request: unknown, session: Session = { actor: null }) => callApi(core, session, channel, request, { checkResponses: true }) as Promise<any>;

async function tables(): Promise<string> {
  return core.db.read(async (sql) =>
    JSON.stringify(await Promise.all(['person', 'post', 'board', 'grid', 'catalogue_item', 'audit_log'].map((t) => sql.all(`SELECT * FROM ${t}`)))),
  );
}

describe('the first start', () => {
  it('an empty console without --demo has no town and answers only the set-up', async () => {
    expect(core.town.configured).toBe(false);
    expect(core.town.demo).toBe(false);
    expect(core.town.people.size).toBe(0);
    const status = await call('setup:status', {});
    expect(status).toEqual({ ok: true, data: { configured: false, demo: false, townCode: '', townName: '', districtTownCode: '' } });
    // Sign-in, and any other call, says what to do first.
    for (const [channel, request] of [
      ['session:login', { username: 'zhoumin', password: 'donghu-2026' }],
      ['events:queue', {}],
      ['town:get', {}],
    ] as const) {
      const result = await call(channel, request);
      expect(result.ok, channel).toBe(false);
      expect(!result.ok && result.error.code, channel).toBe('town_not_set_up');
    }
    expect((await call('session:me', {})).ok).toBe(true);
  });

  it('sets up the town and its administrator in one command, signs them in, and keeps both across a restart', async () => {
    const session: Session = { actor: null };
    const created = await call('setup:create', TOWN, session);
    expect(created.ok, JSON.stringify(created)).toBe(true);
    if (!created.ok) return;
    expect(created.data).toMatchObject({ username: 'zhoumin', townCode: '420106008000', centreName: '东湖街道基层治理指挥中心', demo: false, mustChangePassword: false });
    expect(created.data.person.roles).toEqual(['admin']);
    // The administrator is signed in and can work at once.
    expect((await call('town:get', {}, session)).ok).toBe(true);
    // The four boards of the 141 system, one person, no demo data at all.
    expect(core.town.boards.map((b) => b.name)).toEqual(['党的建设', '经济发展', '民生服务', '平安法治']);
    expect([...core.town.people.values()].map((p) => p.name)).toEqual(['周敏']);
    expect(core.town.posts.size + core.town.grids.size + core.town.catalogue.size).toBe(0);
    const audit = await core.db.read((sql) => sql.all<{ action: string; entity_id: string }>(`SELECT action, entity_id FROM audit_log WHERE action = 'town.setup'`));
    expect(audit).toEqual([{ action: 'town.setup', entity_id: '420106008000' }]);
    // A second set-up is refused: the town exists.
    const again = await call('setup:create', { ...TOWN, townCode: '420106009000' }, { actor: null });
    expect(!again.ok && again.error.code).toBe('town_already_set_up');

    await core.close();
    core = await open({ demo: true }); // even --demo does not turn a town's own console into the demo town
    expect(core.town.configured).toBe(true);
    expect(core.town.demo).toBe(false);
    expect(core.town.town).toMatchObject({ townCode: '420106008000', name: '东湖街道' });
    const s: Session = { actor: null };
    const login = await call('session:login', { username: 'zhoumin', password: 'donghu-2026' }, s);
    expect(login.ok && login.data.person.name).toBe('周敏');
    // The demo password means nothing here.
    const demo = await call('session:login', { username: 'zhoumin', password: 'duty1234' }, { actor: null });
    expect(!demo.ok && demo.error.code).toBe('bad_credentials');
  });

  it('a repeat of 创建 with the same command id answers as the first did; another command id is refused', async () => {
    const [CLICK_1, CLICK_2] = [randomUUID(), randomUUID()];
    const first = await call('setup:create', { ...TOWN, commandId: CLICK_1 });
    expect(first.ok, JSON.stringify(first)).toBe(true);
    const before = await tables();
    // The answer was lost (a double click, a dropped connection): the page sends the same command again.
    const again = await call('setup:create', { ...TOWN, commandId: CLICK_1 });
    expect(again.ok, JSON.stringify(again)).toBe(true);
    expect(again.ok && again.data).toMatchObject({ username: 'zhoumin', townCode: '420106008000', person: { id: first.data.person.id } });
    expect(await tables()).toBe(before);
    const audit = await core.db.read((sql) => sql.all(`SELECT action FROM audit_log WHERE action = 'town.setup'`));
    expect(audit).toHaveLength(1);
    // A new set-up (another command id) is still refused: the town exists.
    const other = await call('setup:create', { ...TOWN, commandId: CLICK_2 });
    expect(!other.ok && other.error.code).toBe('town_already_set_up');
  });

  it('refuses a bad set-up with a clear reason and changes nothing', async () => {
    const before = await tables();
    const cases: [unknown, string][] = [
      [{ ...TOWN, townCode: '42010600800' }, 'bad_request'], // 11 digits
      [{ ...TOWN, townCode: '42010600800X' }, 'bad_request'],
      [{ ...TOWN, townName: ' ' }, 'bad_request'],
      [{ ...TOWN, admin: { ...TOWN.admin, username: '1abc' } }, 'bad_request'],
      [{ ...TOWN, admin: { ...TOWN.admin, password: 'short1' } }, 'weak_password'],
      [{ ...TOWN, admin: { ...TOWN.admin, password: 'zhoumin-2026' } }, 'weak_password'], // holds the username
      [{ ...TOWN, admin: { ...TOWN.admin, password: 'duty1234' } }, 'weak_password'],
      [{ ...TOWN, townName: '东湖\u0000街道' }, 'bad_text'],
      [{ ...TOWN, admin: { ...TOWN.admin, name: '周\uD800敏' } }, 'bad_text'],
      [{ ...TOWN, extra: 1 }, 'bad_request'],
    ];
    for (const [request, code] of cases) {
      const result = await call('setup:create', request);
      expect(result.ok, JSON.stringify(request)).toBe(false);
      expect(!result.ok && result.error.code, JSON.stringify(request)).toBe(code);
    }
    expect(await tables()).toBe(before);
    expect(core.town.configured).toBe(false);
  });

  it("with a district link, the set-up must use the link's town code", async () => {
    await core.close();
    core = await open({ sync: { upstream: 'http://127.0.0.1:9/', token: 't', townCode: '420106008000' } });
    expect((await call('setup:status', {})).ok && (await call('setup:status', {}))).toMatchObject({ data: { districtTownCode: '420106008000' } });
    const wrong = await call('setup:create', { ...TOWN, townCode: '420106009000' });
    expect(!wrong.ok && wrong.error).toMatchObject({ code: 'town_code_mismatch', params: { expected: '420106008000' } });
    expect((await call('setup:create', TOWN)).ok).toBe(true);
  });

  it('--demo on an empty data folder gives the demo town, marked as such', async () => {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-setup-'));
    core = await open({ demo: true });
    expect(core.town.configured && core.town.demo).toBe(true);
    const status = await call('setup:status', {});
    expect(status.ok && status.data).toMatchObject({ configured: true, demo: true });
    const refused = await call('setup:create', TOWN);
    expect(!refused.ok && refused.error.code).toBe('town_already_set_up');
  });
});
