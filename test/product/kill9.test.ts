/**
 * SIGKILL mid-command: the core in a child process under load, killed at random moments (some
 * while it is still starting), again and again on one database. Every command it acknowledged
 * survives every later kill, and the file passes integrity_check each time. The test runs 25 lives
 * to stay quick; `npx tsx test/product/bench-product.ts` (and `npm run bench`) runs the full 100.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCore } from '../support/core';
import { checkCopy, runKill9 } from './kill9-runner';

describe('kill -9 under load', () => {
  it('loses no acknowledged command and never damages the database', async () => {
    const result = await runKill9({ runs: 25, minLifeMs: 20, maxLifeMs: 300, earlyKillShare: 0.15, seed: 7 });
    expect(result.crashes).toEqual([]);
    expect(result.runs).toBe(25);
    // Every life not killed early worked before its kill (the kill is timed from its first acknowledged command).
    expect(result.idleLives).toBe(0);
    expect(result.acknowledged).toBeGreaterThanOrEqual(result.runs - result.earlyKills);
    expect(result.lostIds).toEqual([]);
    expect(result.integrityFailures).toBe(0);
    expect(result.badBackups).toEqual([]);
  }, 180_000);

  it('the check itself finds a command that is not there (a control)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-kill9-control-'));
    try {
      const t = await makeCore(undefined, dir);
      const id = await t.core.events.report(t.officer, { title: '对照', categoryCode: 'SAFE-001', level: 'general', source: 'grid' });
      await t.core.close();
      const check = checkCopy(dir, path.join(dir, 'scratch'), [
        { kind: 'R', id },
        { kind: 'R', id: 'no-such-event' },
        { kind: 'D', id },
      ]);
      expect(check.ok).toBe(true);
      expect(check.missing).toEqual(['R no-such-event', `D ${id}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
