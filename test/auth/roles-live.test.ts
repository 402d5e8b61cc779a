/**
 * Roles the administrator changes hold at the person's next call, not at their next sign-in: a person
 * given the administrator's role may use the town admin at once; the role taken back, they are refused
 * again at once; deactivated, they are signed out. A town's own console (白鹭镇), never the demo town.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/app-core';
import { ManualClock } from '../../main/core/kernel/clock';
import { callApi, type Session } from '../../main/ipc/handlers';

const ADMIN = { name: '郑海燕', username: 'zhenghaiyan', password: 'bailu-2026-admin' };

let dir: string;
let core: Core;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-roles-live-'));
  core = await createCore({ dataDir: dir, clock: new ManualClock('2026-11-23T01:00:00.000Z'), kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false });
  await core.setUpTown({ townCode: '330110108000', townName: '白鹭镇', admin: ADMIN });
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked against their schemas (checkResponses)
const call = (session: Session, channel: string, request: unknown = {}) => callApi(core, session, channel, request, { checkResponses: true }) as Promise<any>;

async function signIn(username: string, password: string): Promise<Session> {
  const session: Session = { actor: null };
  const r = await call(session, 'session:login', { username, password });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return session;
}

describe('roles follow the administrator at once', () => {
  it('given, taken back, deactivated: each holds from the next call', async () => {
    const admin = await signIn(ADMIN.username, ADMIN.password);
    const added = await call(admin, 'townAdmin:addPerson', { name: '陈思远', phone: '13957100005', roles: ['officer'], boardCode: null, username: 'chensiyuan' });
    expect(added.ok, JSON.stringify(added)).toBe(true);
    const { personId, oneTimePassword } = added.data as { personId: string; oneTimePassword: string };
    const officer = await signIn('chensiyuan', oneTimePassword);
    expect((await call(officer, 'session:changePassword', { oldPassword: oneTimePassword, newPassword: '白鹭 江边 芦花 正当时' })).ok).toBe(true);

    // An officer: the town admin is refused.
    expect(await call(officer, 'townAdmin:people')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const edit = (roles: string[]) => call(admin, 'townAdmin:editPerson', { personId, name: '陈思远', phone: '13957100005', roles, boardCode: null });

    // Given the administrator's role: the same session may use it at once, and says so.
    expect((await edit(['officer', 'admin'])).ok).toBe(true);
    expect(await call(officer, 'townAdmin:people')).toMatchObject({ ok: true });
    expect((await call(officer, 'session:me')).data.person.roles).toEqual(['officer', 'admin']);

    // Taken back: refused again at once.
    expect((await edit(['officer'])).ok).toBe(true);
    expect(await call(officer, 'townAdmin:people')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await call(officer, 'session:me')).data.person.roles).toEqual(['officer']);

    // Deactivated: signed out at the next call.
    expect((await call(admin, 'townAdmin:setPersonActive', { personId, active: false })).ok).toBe(true);
    expect(await call(officer, 'session:me')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(officer.actor).toBeNull();
  });
});
