/**
 * Sign-in that holds, through the door (callApi) on a real core: 5 failures in a row lock an account
 * for 15 minutes (no password is checked while it is locked), an administrator unlocks it (audited),
 * an address that keeps failing backs off while another address goes on, and an unknown username
 * costs exactly the scrypt work of a known one (the work is counted, not timed).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { observeKdf, type KdfWork } from '../../main/core/auth/passwords';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { callApi, type Session } from '../../main/ipc/handlers';
import type { AccountSummary } from '../../preload/contract/account-schemas';
import { startWebConsole } from '../../main/web/server';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
beforeEach(async () => {
  t = await makeCore();
});
afterEach(async () => {
  await t.close();
});

const session = (address = '10.0.0.1'): Session => ({ actor: null, address });
const login = (s: Session, username: string, password: string) => callApi(t.core, s, 'session:login', { username, password });

/** The scrypt runs made while `fn` runs. */
async function kdfRuns(fn: () => Promise<unknown>): Promise<KdfWork[]> {
  const runs: KdfWork[] = [];
  const off = observeKdf((w) => runs.push(w));
  try {
    await fn();
  } finally {
    off();
  }
  return runs;
}

async function audit(action: string): Promise<{ actor_id: string | null; entity_id: string | null; detail: string | null }[]> {
  return t.core.db.read((sql) => sql.all(`SELECT actor_id, entity_id, detail FROM audit_log WHERE action = ? ORDER BY id`, [action]));
}

function personId(username: string): string {
  return [...t.core.town.people.values()].find((p) => p.username === username)!.id;
}

describe('an account locks after 5 failures in a row', () => {
  it('refuses the 5th wrong password as locked, then even the right one for 15 minutes, without checking it', async () => {
    const s = session();
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await login(s, 'zhangwei', `wrong-${i}`);
      codes.push(r.ok ? 'ok' : [r.error.code, r.error.params?.remaining ?? null]);
    }
    // The 3rd and 4th say how many tries are left; the 5th locks.
    expect(codes).toEqual([
      ['bad_credentials', null],
      ['bad_credentials', null],
      ['bad_credentials', 2],
      ['bad_credentials', 1],
      ['account_locked', null],
    ]);
    const locked = await login(s, 'zhangwei', DEMO_PASSWORD);
    expect(locked).toMatchObject({ ok: false, error: { code: 'account_locked', params: { until: '09:15', minutes: 15 } } });
    // While locked, no password is checked at all.
    expect(await kdfRuns(() => login(s, 'zhangwei', DEMO_PASSWORD))).toEqual([]);
    expect(s.actor).toBeNull();
    const lockRows = await audit('account.locked');
    expect(lockRows).toHaveLength(1);
    expect(lockRows[0]!.entity_id).toBe(personId('zhangwei'));
    expect(JSON.parse(lockRows[0]!.detail!)).toMatchObject({ failures: 5, until: '2026-11-23T01:15:00.000Z', via: 'login' });

    t.clock.advance(14 * 60_000);
    expect(await login(s, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: false, error: { code: 'account_locked', params: { minutes: 1 } } });
    t.clock.advance(60_000);
    expect(await login(s, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: true });
  });

  it('counts failures in a row: a success starts the count again', async () => {
    const s = session();
    for (let i = 0; i < 4; i++) expect((await login(s, 'zhangwei', 'wrong')).ok).toBe(false);
    expect(await login(s, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i++) expect(await login(s, 'zhangwei', 'wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await login(s, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: true });
  });

  it('an unknown username locks the same way (a lock does not tell which usernames exist)', async () => {
    const s = session();
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await login(s, 'nobody', 'wrong');
      codes.push(r.ok ? 'ok' : r.error.code);
    }
    expect(codes).toEqual(['bad_credentials', 'bad_credentials', 'bad_credentials', 'bad_credentials', 'account_locked', 'account_locked']);
  });

  it('an administrator unlocks it, audited; nobody else may', async () => {
    const s = session();
    for (let i = 0; i < 5; i++) await login(s, 'zhangwei', 'wrong');
    const admin = session('10.0.0.2');
    expect(await login(admin, 'admin', DEMO_PASSWORD)).toMatchObject({ ok: true });
    const accounts = await callApi(t.core, admin, 'accounts:list', {}, { checkResponses: true });
    expect(accounts.ok && (accounts.data as AccountSummary[]).find((a) => a.username === 'zhangwei')).toMatchObject({ failedAttempts: 5, lockedUntil: '2026-11-23T01:15:00.000Z' });

    const leader = session('10.0.0.3');
    expect(await login(leader, 'lihua', DEMO_PASSWORD)).toMatchObject({ ok: true });
    expect(await callApi(t.core, leader, 'accounts:unlock', { personId: personId('zhangwei') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await callApi(t.core, leader, 'accounts:list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    expect(await callApi(t.core, admin, 'accounts:unlock', { personId: personId('zhangwei') })).toMatchObject({ ok: true });
    const rows = await audit('account.unlock');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: t.admin.id, entity_id: personId('zhangwei') });
    expect(JSON.parse(rows[0]!.detail!)).toMatchObject({ username: 'zhangwei', failures: 5, wasLockedUntil: '2026-11-23T01:15:00.000Z' });
    expect(await login(s, 'zhangwei', DEMO_PASSWORD)).toMatchObject({ ok: true });
    expect(await callApi(t.core, admin, 'accounts:unlock', { personId: 'no-such-person' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('per-address backoff', () => {
  it('an address that failed 10 times in a row waits 1 s, 2 s, 4 s …; another address goes on; a success forgets it', async () => {
    const a = session('10.0.0.7');
    // Spread over usernames, so that no account locks: the address alone holds them back.
    const names = ['zhangwei', 'lihua', 'admin', 'nobody1', 'nobody2'];
    for (let i = 0; i < 10; i++) expect(await login(a, names[i % names.length]!, 'wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    const waited = await kdfRuns(async () => {
      expect(await login(a, 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 1 } } });
    });
    expect(waited).toEqual([]); // refused before any lookup or scrypt work
    // Another address is not held back.
    expect(await login(session('10.0.0.8'), 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: true });

    t.clock.advance(1000);
    expect(await login(a, 'nobody3', 'wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await login(a, 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 2 } } });
    t.clock.advance(2000);
    expect(await login(a, 'nobody4', 'wrong')).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(await login(a, 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: false, error: { code: 'too_many_attempts', params: { seconds: 4 } } });
    t.clock.advance(4000);
    expect(await login(a, 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: true });
    // Forgotten after the success.
    for (let i = 0; i < 9; i++) await login(a, `ghost${i}`, 'wrong');
    expect(await login(a, 'wangzhiqiang', DEMO_PASSWORD)).toMatchObject({ ok: true });
  });

  it('the web console takes the address from the socket (Electron’s window is `local`)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'auth-web-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    const web = await startWebConsole(t.core, { rendererDir: dir });
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${web.port}/ws?token=${web.token}`);
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      const answer = new Promise<unknown>((resolve) =>
        ws.on('message', (raw) => {
          const message = JSON.parse(String(raw)) as { id?: number };
          if (message.id === 1) resolve(message);
        }),
      );
      ws.send(JSON.stringify({ id: 1, channel: 'session:login', args: { username: 'zhangwei', password: 'wrong' } }));
      expect(await answer).toMatchObject({ id: 1, result: { ok: false, error: { code: 'bad_credentials' } } });
      ws.close();
    } finally {
      await web.close();
    }
    const rows = await audit('login.failed');
    expect(JSON.parse(rows[0]!.detail!)).toEqual({ username: 'zhangwei', address: '127.0.0.1' });
  });
});

describe('an unknown username costs the same scrypt work as a known one', () => {
  it('one scrypt run with the same N, r, p, salt and key length, whether or not the user exists', async () => {
    const known = await kdfRuns(() => login(session(), 'zhangwei', 'wrong-password'));
    const unknown = await kdfRuns(() => login(session(), 'no-such-user', 'wrong-password'));
    const right = await kdfRuns(() => login(session(), 'zhangwei', DEMO_PASSWORD));
    expect(known).toHaveLength(1);
    expect(unknown).toEqual(known);
    expect(right).toEqual(known);
    // The accounts' own parameters (this core hashes with N = 2^10; the product with 2^15).
    expect(known[0]).toEqual({ N: 2 ** 10, r: 8, p: 1, keyLength: 32, saltLength: 16 });
    // Both answers are the same refusal.
    const a = await login(session(), 'zhangwei', 'x');
    const b = await login(session(), 'no-such-user', 'x');
    expect(a).toEqual(b);
  });
});
