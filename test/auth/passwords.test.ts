/**
 * Passwords: the rule (≥ 10 characters of two kinds, or a passphrase of ≥ 3 words and ≥ 12
 * characters; never a common one, the demo's, the username or the old one), each person changing
 * their own, an administrator's reset to a one-time password that must be changed at the next
 * sign-in (nothing else works until then), the demo password only in the demo town, and the screen
 * lock of an idle desk (the person's commands are refused until the password unlocks it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { observeKdf } from '../../main/core/auth/passwords';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { callApi, type Session } from '../../main/ipc/handlers';
import { checkPassword } from '../../preload/contract/password-policy';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

async function signedIn(username: string, password = DEMO_PASSWORD, address = '10.0.0.1'): Promise<Session> {
  const s: Session = { actor: null, address };
  const r = await callApi(t.core, s, 'session:login', { username, password }, { checkResponses: true });
  expect(r.ok, JSON.stringify(r)).toBe(true);
  return s;
}

function personId(username: string): string {
  return [...t.core.town.people.values()].find((p) => p.username === username)!.id;
}

const REPORT = { title: '路灯不亮', categoryCode: 'SAFE-001', level: 'general', source: 'phone' };

describe('the password rule', () => {
  it.each([
    ['qingxi2026', true, 'password'],
    ['值班台-青溪镇-08', true, 'password'],
    ['red kettle on the stove', true, 'passphrase'],
    ['青溪 河边 柳树 发芽了', true, 'passphrase'],
    ['short1', false, 'too_short'],
    ['abcdefghijk', false, 'one_kind'],
    ['12345678901', false, 'one_kind'],
    ['two words only', true, 'passphrase'],
    ['a b c', false, 'too_short'],
    ['password123', false, 'common'],
    ['duty1234', false, 'demo'],
    ['zhangwei2026', false, 'contains_username'],
    ['tab\there2026', false, 'control_chars'],
  ])('%s → %s (%s)', (password, ok, what) => {
    const check = checkPassword(password, { username: 'zhangwei' });
    expect(check.ok).toBe(ok);
    if (ok) expect(check.form).toBe(what);
    else expect(check.issues).toContain(what);
  });

  it('counts characters as code points (a Chinese character is one) and knows the old password', () => {
    expect(checkPassword('青溪镇值班台交接班01').length).toBe(11);
    expect(checkPassword('qingxi2026', { oldPassword: 'qingxi2026' }).issues).toEqual(['same_as_old']);
    expect(checkPassword('Qingxi-2026-夜班').strength).toBe('strong');
    expect(checkPassword('qingxi2026').strength).toBe('fair');
    expect(checkPassword('x').strength).toBe('weak');
  });
});

describe('each person changes their own password', () => {
  it('refuses a weak new password before checking the old one; a wrong old one counts toward the lock; then the new one works', async () => {
    const s = await signedIn('zhangwei');
    let runs = 0;
    const off = observeKdf(() => (runs += 1));
    const weak = await callApi(t.core, s, 'session:changePassword', { oldPassword: DEMO_PASSWORD, newPassword: 'short' });
    off();
    expect(weak).toMatchObject({ ok: false, error: { code: 'weak_password', params: { reason: 'too_short' } } });
    expect(runs).toBe(0);
    expect(await callApi(t.core, s, 'session:changePassword', { oldPassword: DEMO_PASSWORD, newPassword: 'duty1234' })).toMatchObject({
      ok: false,
      error: { code: 'weak_password', params: { reason: 'too_short' } },
    });
    expect(await callApi(t.core, s, 'session:changePassword', { oldPassword: 'not-mine', newPassword: 'qingxi-2026' })).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials' },
    });
    const failures = await t.core.db.read((sql) => sql.get<{ failed_attempts: number }>(`SELECT failed_attempts FROM person WHERE id = ?`, [personId('zhangwei')]));
    expect(failures!.failed_attempts).toBe(1);

    const changed = await callApi(t.core, s, 'session:changePassword', { oldPassword: DEMO_PASSWORD, newPassword: 'qingxi-2026' }, { checkResponses: true });
    expect(changed).toMatchObject({ ok: true, data: { mustChangePassword: false } });
    const after = await t.core.db.read((sql) =>
      sql.get<{ failed_attempts: number; password_changed_at: string }>(`SELECT failed_attempts, password_changed_at FROM person WHERE id = ?`, [personId('zhangwei')]),
    );
    expect(after).toEqual({ failed_attempts: 0, password_changed_at: '2026-11-23T01:00:00.000Z' });
    expect(await callApi(t.core, { actor: null }, 'session:login', { username: 'zhangwei', password: DEMO_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'bad_credentials' },
    });
    await signedIn('zhangwei', 'qingxi-2026');
    const audit = await t.core.db.read((sql) =>
      sql.all<{ action: string; detail: string | null }>(`SELECT action, detail FROM audit_log WHERE entity_id = ? ORDER BY id`, [personId('zhangwei')]),
    );
    expect(audit.map((a) => a.action)).toEqual(['login', 'account.password_change_failed', 'account.password_changed', 'login.failed', 'login']);
    expect(audit.some((a) => (a.detail ?? '').includes('qingxi'))).toBe(false);
  });
});

describe("an administrator's reset gives a one-time password", () => {
  it('that signs in only to a forced change: nothing else works until a new password is set', async () => {
    const admin = await signedIn('admin', DEMO_PASSWORD, '10.0.0.2');
    const reset = await callApi(t.core, admin, 'accounts:resetPassword', { personId: personId('zhangwei') }, { checkResponses: true });
    expect(reset.ok).toBe(true);
    const oneTime = reset.ok ? (reset.data as { oneTimePassword: string }).oneTimePassword : '';
    expect(oneTime).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    // The audit names whose password was reset, never the password.
    const rows = await t.core.db.read((sql) => sql.all<{ actor_id: string; detail: string }>(`SELECT actor_id, detail FROM audit_log WHERE action = 'account.password_reset'`));
    expect(rows).toEqual([{ actor_id: t.admin.id, detail: JSON.stringify({ username: 'zhangwei' }) }]);
    expect(JSON.stringify(rows)).not.toContain(oneTime);
    // The old password is gone.
    expect(await callApi(t.core, { actor: null }, 'session:login', { username: 'zhangwei', password: DEMO_PASSWORD })).toMatchObject({ ok: false });

    const s = await signedIn('zhangwei', oneTime);
    expect(await callApi(t.core, s, 'session:me', {})).toMatchObject({ ok: true, data: { mustChangePassword: true } });
    expect(await callApi(t.core, s, 'events:queue', {})).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    expect(await callApi(t.core, s, 'events:report', REPORT)).toMatchObject({ ok: false, error: { code: 'password_change_required' } });
    // The one-time password itself cannot be kept.
    expect(await callApi(t.core, s, 'session:changePassword', { oldPassword: oneTime, newPassword: oneTime })).toMatchObject({
      ok: false,
      error: { code: 'weak_password', params: { reason: 'same_as_old' } },
    });
    expect(await callApi(t.core, s, 'session:changePassword', { oldPassword: oneTime, newPassword: '青溪 河边 柳树 发芽了' })).toMatchObject({
      ok: true,
      data: { mustChangePassword: false },
    });
    expect(await callApi(t.core, s, 'events:queue', {})).toMatchObject({ ok: true });
    // The next sign-in is an ordinary one; the one-time password no longer works.
    expect(await callApi(t.core, { actor: null }, 'session:login', { username: 'zhangwei', password: oneTime })).toMatchObject({ ok: false });
    const again = await signedIn('zhangwei', '青溪 河边 柳树 发芽了');
    expect(await callApi(t.core, again, 'session:me', {})).toMatchObject({ ok: true, data: { mustChangePassword: false } });
  });

  it('is the administrator’s alone', async () => {
    const leader = await signedIn('lihua');
    expect(await callApi(t.core, leader, 'accounts:resetPassword', { personId: personId('zhangwei') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the demo password exists only in the demo town', () => {
  it('a town that is not the demo refuses duty1234 at sign-in (even where it is an account’s password) and as a new password', async () => {
    await signedIn('zhangwei');
    t.core.town.demo = false;
    let runs = 0;
    const off = observeKdf(() => (runs += 1));
    const refused = await callApi(t.core, { actor: null }, 'session:login', { username: 'zhangwei', password: DEMO_PASSWORD });
    off();
    expect(refused).toMatchObject({ ok: false, error: { code: 'bad_credentials', params: { demo: 'true' } } });
    expect(runs).toBe(0);
    expect(checkPassword(DEMO_PASSWORD).issues).toContain('demo');
  });
});

describe('the idle lock of the screen', () => {
  it('refuses the person’s commands while locked (reads go on), unlocks with the password, counts a wrong one', async () => {
    const s = await signedIn('zhangwei');
    expect(await callApi(t.core, s, 'session:lock', {})).toMatchObject({ ok: true });
    expect(await callApi(t.core, s, 'session:me', {})).toMatchObject({ ok: true, data: { locked: true, idleLockMinutes: 30 } });
    expect(await callApi(t.core, s, 'events:report', REPORT)).toMatchObject({ ok: false, error: { code: 'screen_locked' } });
    expect(await callApi(t.core, s, 'events:queue', {})).toMatchObject({ ok: true });
    expect(await callApi(t.core, s, 'alarms:list', {})).toMatchObject({ ok: true });
    expect(await callApi(t.core, s, 'session:unlock', { password: 'wrong' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await callApi(t.core, s, 'session:me', {})).toMatchObject({ data: { locked: true } });
    const unlocked = await callApi(t.core, s, 'session:unlock', { password: DEMO_PASSWORD }, { checkResponses: true });
    expect(unlocked).toMatchObject({ ok: true, data: { locked: false } });
    expect(await callApi(t.core, s, 'events:report', REPORT)).toMatchObject({ ok: true });
    const actions = await t.core.db.read((sql) =>
      sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'person' AND entity_id = ? ORDER BY id`, [personId('zhangwei')]),
    );
    expect(actions.map((a) => a.action)).toEqual(['login', 'session.lock', 'session.unlock_failed', 'session.unlock']);
  });

  it('waits the time the administrator sets (default 30 minutes, 1–240), audited', async () => {
    const admin = await signedIn('admin');
    expect(await callApi(t.core, admin, 'accounts:settings', {})).toMatchObject({ ok: true, data: { idleLockMinutes: 30 } });
    expect(await callApi(t.core, admin, 'accounts:setSettings', { idleLockMinutes: 0 })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await callApi(t.core, admin, 'accounts:setSettings', { idleLockMinutes: 12 }, { checkResponses: true })).toMatchObject({ ok: true, data: { idleLockMinutes: 12 } });
    const officer = await signedIn('zhangwei');
    expect(await callApi(t.core, officer, 'session:me', {})).toMatchObject({ data: { idleLockMinutes: 12 } });
    expect(await callApi(t.core, officer, 'accounts:setSettings', { idleLockMinutes: 5 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const rows = await t.core.db.read((sql) => sql.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'accounts.settings'`));
    expect(rows.map((r) => JSON.parse(r.detail) as unknown)).toEqual([{ from: 30, to: 12 }]);
  });
});
