/**
 * Signing a handover is no password oracle: a wrong handover id, a signed one, or a signer without the
 * right to sign it is refused before any password is checked (no scrypt work, nothing counted), and a
 * wrong password counts toward the same lock as a failed sign-in (5 → locked, then sign-in is refused
 * too). Through the door, as the desk calls it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { observeKdf } from '../../main/core/auth/passwords';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { callApi, type Session } from '../../main/ipc/handlers';
import type { Handover, RosterView, ShiftView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { actorOf, bj, rosterCore, usernameOf } from '../roster/helpers';

let t: TestCore;
let day: ShiftView;
let night: ShiftView;
let ready: Handover;
let desk: Session;

const shiftOn = (view: RosterView, date: string, template: string): ShiftView => view.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === template)!;
const person = (s: ShiftView, key: string, slot = 0) => s.roles.find((r) => r.key === key)!.slots[slot]!.personId!;

beforeEach(async () => {
  t = await rosterCore();
  const january = await t.core.roster.generate(t.admin, '2026-01');
  day = shiftOn(january, '2026-01-05', 'day');
  night = shiftOn(january, '2026-01-05', 'night');
  t.clock.set(bj('2026-01-05', '17:05'));
  const officer = actorOf(t, person(day, 'officer'));
  const h = await t.core.handovers.generate(officer);
  ready = await t.core.handovers.confirm(
    officer,
    h.id,
    h.items.map((i) => i.id),
    true,
  );
  expect(ready.pendingItems).toBe(0);
  desk = { actor: null, address: '10.0.0.5' };
  expect(await callApi(t.core, desk, 'session:login', { username: usernameOf(t, person(day, 'officer')), password: DEMO_PASSWORD })).toMatchObject({ ok: true });
});
afterEach(async () => {
  await t.close();
});

async function scryptRuns(fn: () => Promise<unknown>): Promise<{ runs: number; result: unknown }> {
  let runs = 0;
  const off = observeKdf(() => (runs += 1));
  try {
    return { result: await fn(), runs };
  } finally {
    off();
  }
}

const failures = (personId: string) =>
  t.core.db.read(
    async (sql) => (await sql.get<{ failed_attempts: number; locked_until: string | null }>(`SELECT failed_attempts, locked_until FROM person WHERE id = ?`, [personId]))!,
  );

const sign = (req: { handoverId?: string; side?: 'outgoing' | 'incoming'; username: string; password: string }) =>
  callApi(t.core, desk, 'handover:sign', { handoverId: ready.id, side: 'outgoing', ...req });

describe('the handover oracle', () => {
  it('a wrong handover id is refused before any password is checked, and counts nothing', async () => {
    const outgoing = person(day, 'officer');
    const { result, runs } = await scryptRuns(() => sign({ handoverId: 'no-such-handover', username: usernameOf(t, outgoing), password: 'a-guess' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(runs).toBe(0);
    expect(await failures(outgoing)).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('a signer without the right (not on the shift, an unknown username) is refused before any password is checked', async () => {
    const stranger = [...t.core.town.people.values()].find((p) => p.roles.includes('officer') && !day.roles.some((r) => r.slots.some((s) => s.personId === p.id)))!;
    const wall = [...t.core.town.people.values()].find((p) => p.roles.includes('wall_viewer'))!;
    for (const username of [stranger.username, wall.username, 'no-such-user']) {
      const { result, runs } = await scryptRuns(() => sign({ username, password: 'a-guess' }));
      expect(result, username).toMatchObject({ ok: false, error: { code: 'not_on_shift' } });
      expect(runs, username).toBe(0);
    }
    expect(await failures(stranger.id)).toEqual({ failed_attempts: 0, locked_until: null });
    // The incoming side: a day officer may not sign for the night.
    const { result, runs } = await scryptRuns(() => sign({ side: 'incoming', username: usernameOf(t, person(day, 'officer', 1)), password: 'a-guess' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'not_on_shift' } });
    expect(runs).toBe(0);
  });

  it('a wrong password counts toward the same lock as sign-in: 5 and the account is locked everywhere', async () => {
    const outgoing = person(day, 'officer');
    const username = usernameOf(t, outgoing);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { result, runs } = await scryptRuns(() => sign({ username, password: `guess-${i}` }));
      expect(runs).toBe(1);
      codes.push((result as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual(['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'account_locked']);
    expect(await failures(outgoing)).toEqual({ failed_attempts: 5, locked_until: bj('2026-01-05', '17:20') });
    // Locked: the right password is not even checked, here or at sign-in.
    const locked = await scryptRuns(() => sign({ username, password: DEMO_PASSWORD }));
    expect(locked).toEqual({ runs: 0, result: expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'account_locked' }) }) });
    expect(await callApi(t.core, { actor: null }, 'session:login', { username, password: DEMO_PASSWORD })).toMatchObject({ ok: false, error: { code: 'account_locked' } });
    const audit = await t.core.db.read((sql) => sql.all<{ action: string }>(`SELECT action FROM audit_log WHERE action IN ('handover.sign_failed', 'account.locked') ORDER BY id`));
    // The lock is written in the command of the failure that led to it.
    expect(audit.map((a) => a.action)).toEqual([
      'handover.sign_failed',
      'handover.sign_failed',
      'handover.sign_failed',
      'handover.sign_failed',
      'account.locked',
      'handover.sign_failed',
    ]);

    // An administrator unlocks it; the signature goes through and the count starts again.
    const admin: Session = { actor: null, address: '10.0.0.6' };
    await callApi(t.core, admin, 'session:login', { username: 'admin', password: DEMO_PASSWORD });
    expect(await callApi(t.core, admin, 'accounts:unlock', { personId: outgoing })).toMatchObject({ ok: true });
    expect(await sign({ username, password: 'one more guess' })).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await sign({ username, password: DEMO_PASSWORD })).toMatchObject({ ok: true, data: { handover: { status: 'signing' } } });
    expect(await failures(outgoing)).toEqual({ failed_attempts: 0, locked_until: null });
    // And the night's officer completes it.
    expect(await sign({ side: 'incoming', username: usernameOf(t, person(night, 'officer')), password: DEMO_PASSWORD })).toMatchObject({
      ok: true,
      data: { handover: { status: 'signed' } },
    });
  });

  it('a repeat of a signature that went through (the same command id) returns the first result, not a refusal', async () => {
    const commandId = '6d1f7c1e-2c8b-4c55-9a66-2f5d7f3c9a01';
    const req = { handoverId: ready.id, side: 'outgoing', username: usernameOf(t, person(day, 'officer')), password: DEMO_PASSWORD, commandId };
    expect(await callApi(t.core, desk, 'handover:sign', req)).toMatchObject({ ok: true });
    expect(await callApi(t.core, desk, 'handover:sign', req)).toMatchObject({ ok: true, data: { handover: { status: 'signing' } } });
  });
});
