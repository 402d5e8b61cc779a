/**
 * Text that cannot be trusted (preload/contract/text-rules.ts): a lone surrogate or a control
 * character other than tab and newline is refused with a clear code and never stored altered; a
 * title of only NUL or spaces is refused; a search with any character, NUL included, answers
 * normally; and no query's parameters reach the log.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import { captureProcessErrors, RotatingLog } from '../../main/core/logging/rotating-log';
import { callApi, type Session } from '../../main/ipc/handlers';
import { findUntrustedText, textFault } from '../../preload/contract/text-rules';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore;
let officer: Session;
beforeEach(async () => {
  t = await makeCore();
  officer = { actor: null };
  const username = t.core.town.people.get(t.officer.id)!.username;
  expect((await callApi(t.core, officer, 'session:login', { username, password: DEMO_PASSWORD })).ok).toBe(true);
});
afterEach(async () => {
  await t.close();
});

const events = () => t.core.db.read((sql) => sql.all<{ title: string; description: string | null }>(`SELECT title, description FROM event`));
const report = (extra: Record<string, unknown>) =>
  callApi(t.core, officer, 'events:report', { title: '路灯不亮', categoryCode: [...t.core.town.catalogue.keys()][0], level: 'general', source: 'phone', ...extra });

describe('text that cannot be trusted', () => {
  it('the rule: tab and newline are text; other controls, DEL, C1 controls and half characters are not', () => {
    expect(textFault('第一行\n第二行\t制表')).toBeNull();
    expect(textFault('表情 😀 与生僻字 𠮷')).toBeNull(); // whole surrogate pairs are characters
    for (const bad of ['\u0000', 'a\rb', '\u001b[31m', '\u007f', '\u0085', '\u009b']) expect(textFault(bad), JSON.stringify(bad)).toBe('control');
    for (const bad of ['\uD800', 'a\uDC00', '\uDBFF\uDBFF', '😀'.slice(0, 1)]) expect(textFault(bad), JSON.stringify(bad)).toBe('surrogate');
    expect(findUntrustedText({ a: [{ b: 'ok' }, { c: 'x\u0007' }] })).toEqual({ path: 'a.1.c', fault: 'control' });
    expect(findUntrustedText({ q: '\u0000', search: '\uD800', title: 'ok' })).toBeNull();
  });

  it('refuses such a title or description whole, stores nothing, and keeps tabs and newlines exactly', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '\u0000' }, 'bad_text'],
      [{ title: '\u0000\u0000\u0000' }, 'bad_text'],
      [{ title: '     ' }, 'bad_request'],
      [{ title: '路灯\uD83D不亮' }, 'bad_text'],
      [{ description: '第一行\r\n第二行' }, 'bad_text'],
      [{ callerName: '王\u200b五\u0008' }, 'bad_text'],
    ];
    for (const [extra, code] of cases) {
      const result = await report(extra);
      expect(result.ok, JSON.stringify(extra)).toBe(false);
      expect(!result.ok && result.error.code, JSON.stringify(extra)).toBe(code);
    }
    expect(await events()).toEqual([]);
    const kept = '现场：\t东门\n西门 😀 𠮷';
    expect((await report({ description: kept })).ok).toBe(true);
    expect(await events()).toEqual([{ title: '路灯不亮', description: kept }]);
  });

  it('a search with any character, NUL and half characters included, answers normally', async () => {
    expect((await report({})).ok).toBe(true);
    for (const term of ['\u0000', '\uD800', '"', "'", '*', '%', '_', 'NEAR(', 'a OR b', '\\', '😀', '路灯\u0000']) {
      const queue = await callApi(t.core, officer, 'events:queue', { search: term });
      expect(queue.ok, `queue ${JSON.stringify(term)}`).toBe(true);
      const catalogue = await callApi(t.core, officer, 'catalogue:search', { q: term });
      expect(catalogue.ok, `catalogue ${JSON.stringify(term)}`).toBe(true);
      const log = await callApi(t.core, officer, 'dutyLog:list', { q: term });
      expect(log.ok, `duty log ${JSON.stringify(term)}: ${JSON.stringify(log)}`).toBe(true);
    }
    const found = await callApi(t.core, officer, 'events:queue', { search: '路灯' });
    expect(found.ok && (found.data as { rows: unknown[] }).rows).toHaveLength(1);
  });

  it("no query's parameters reach the log, however a query fails", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-log-'));
    const log = new RotatingLog({ dir, appVersion: 'test' });
    const echoed: unknown[][] = [];
    const cons = { error: (...args: unknown[]) => echoed.push(args), warn: () => undefined };
    captureProcessErrors(log, { on: () => undefined }, cons);
    const secret = '13800138000-王秘密';
    const failure = await t.core.db.read((sql) => sql.all(`SELECT * FROM no_such_table WHERE phone = ?`, [secret])).catch((e: unknown) => e);
    expect(failure).toHaveProperty('parameters', [secret]); // the driver's error does carry it…
    cons.error('events:report failed', failure);
    cons.error(failure);
    const written = readFileSync(log.file, 'utf8');
    expect(written).toContain('no_such_table'); // …the log says what failed…
    expect(written).not.toContain(secret); // …and never with what
    expect(JSON.stringify(echoed.flat().map((e) => (e instanceof Error ? { ...e, stack: e.stack } : e)))).not.toContain(secret);
    rmSync(dir, { recursive: true, force: true });
  });
});
