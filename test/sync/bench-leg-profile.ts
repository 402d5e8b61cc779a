/**
 * Where one leg of sync-bench spends its time: `npx tsx test/sync/bench-leg-profile.ts push|pull [N]`.
 * Against a district child process, times the HTTP requests (the server's share plus the network)
 * apart from the rest (the console's own share: SQLite and JSON), and counts the console's SQL
 * statements per op.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchInternals } from './sync-bench';

async function main(): Promise<void> {
  const leg = process.argv[2] === 'pull' ? 'pull' : 'push';
  const n = Number(process.argv[3] ?? 20000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dd-leg-prof-'));
  let httpMs = 0;
  let requests = 0;
  const timedFetch: typeof fetch = async (input, init) => {
    const t = performance.now();
    const res = await fetch(input, init);
    const body = await res.arrayBuffer(); // the whole answer, as the worker reads it
    httpMs += performance.now() - t;
    requests += 1;
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const { district, consoleA, consoleB } = await benchInternals.setup(dir, timedFetch);
  try {
    await benchInternals.fillOutbox(consoleA, n);
    if (leg === 'pull') await consoleA.sync!.push();
    const target = leg === 'push' ? consoleA : consoleB;
    const sqlApi = (target.db as unknown as { sql: { all: (sql: string, params?: unknown[]) => Promise<unknown[]> } }).sql;
    const counts = new Map<string, number>();
    const times = new Map<string, number>();
    let sqlMs = 0;
    const original = sqlApi.all.bind(sqlApi);
    sqlApi.all = async (sql: string, params?: unknown[]) => {
      const key = sql.replace(/\s+/g, ' ').slice(0, 70);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const t = performance.now();
      try {
        return await original(sql, params);
      } finally {
        const took = performance.now() - t;
        sqlMs += took;
        times.set(key, (times.get(key) ?? 0) + took);
      }
    };
    httpMs = 0;
    requests = 0;
    const t = performance.now();
    const done = leg === 'push' ? await consoleA.sync!.push() : await consoleB.sync!.pull();
    const ms = performance.now() - t;
    console.log(`${leg}: ${done} ops in ${(ms / 1000).toFixed(2)} s = ${Math.round(done / (ms / 1000))} ops/s`);
    console.log(`  http ${(httpMs / 1000).toFixed(2)} s over ${requests} requests (may overlap the rest when pages are prefetched)`);
    console.log(`  sql statements ${(sqlMs / 1000).toFixed(2)} s (BEGIN/COMMIT not included)`);
    const total = [...counts.values()].reduce((x, y) => x + y, 0);
    console.log(`  statements: ${total} (${(total / done).toFixed(2)} per op)`);
    for (const [k, v] of [...counts].sort((x, y) => (times.get(y[0]) ?? 0) - (times.get(x[0]) ?? 0)).slice(0, 12)) {
      const ms = times.get(k) ?? 0;
      console.log(`${String(v).padStart(9)} ${(ms / 1000).toFixed(2).padStart(6)} s ${((ms * 1000) / v).toFixed(0).padStart(5)} µs  ${k}`);
    }
  } finally {
    await consoleA.close();
    await consoleB.close();
    await district.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
