/**
 * Db.together (snapshot-readers.ts): long reads side by side on read-only connections, on one snapshot,
 * while commands go on — what lets 考核评价's month of figures run without holding up a dispatch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../main/core/db/db';
import { makeCore, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const KEY = 'together-test';
const valueOf = async (sql: Sql): Promise<string | null> => (await sql.get<{ value: string }>(`SELECT value FROM meta WHERE key = ?`, [KEY]))?.value ?? null;
const writeValue = (tc: TestCore, value: string): Promise<void> =>
  tc.core.db.write((sql) => sql.run(`INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [KEY, value]));

describe('Db.together', () => {
  it('a write commits while the reads run; every read sees the database as it stood when they began', async () => {
    t = await makeCore();
    const tc = t;
    await writeValue(tc, 'before');
    let committed!: () => void;
    const writeDone = new Promise<void>((resolve) => (committed = resolve));
    const [first, second] = await tc.core.db.together(
      async (sql) => {
        const seen = await valueOf(sql);
        // The writer is not held up by this read: were it, this await would never end.
        await writeValue(tc, 'after');
        committed();
        return [seen, await valueOf(sql)] as const;
      },
      async (sql) => {
        await writeDone;
        return valueOf(sql);
      },
    );
    expect(first).toEqual(['before', 'before']);
    expect(second).toBe('before');
    expect(await tc.core.db.read(valueOf)).toBe('after');
  });

  it('a reader cannot write: refused by SQLite, nothing changed', async () => {
    t = await makeCore();
    const tc = t;
    await writeValue(tc, 'kept');
    await expect(tc.core.db.together((sql) => sql.run(`UPDATE meta SET value = 'changed' WHERE key = ?`, [KEY]))).rejects.toThrow(/readonly|read-only/i);
    expect(await tc.core.db.read(valueOf)).toBe('kept');
    // The reader went back to the pool in a usable state.
    expect(await tc.core.db.together(valueOf)).toEqual(['kept']);
  });

  it('after close, reads are refused', async () => {
    t = await makeCore();
    const tc = t;
    await tc.core.db.together(valueOf);
    t = undefined;
    await tc.close();
    await expect(tc.core.db.together(valueOf)).rejects.toThrow(/closed/);
  });
});
