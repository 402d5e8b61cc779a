/** New record ids are UUIDv7 (RFC 9562): time-ordered, monotonic within a ms; existing v4 ids stay valid. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createIdGenerator, idTime, newId } from '../../main/core/kernel/ids';
import { makeCore, type TestCore } from '../support/core';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The id's 16 bytes. */
function bytes(id: string): Buffer {
  return Buffer.from(id.replaceAll('-', ''), 'hex');
}

describe('the UUIDv7 layout', () => {
  it('carries the ms timestamp, version 7 and the RFC 9562 variant', () => {
    const at = Date.UTC(2026, 10, 23, 1, 0, 0, 123);
    const id = createIdGenerator(() => at)();
    expect(id).toMatch(V7);
    const b = bytes(id);
    expect(b.readUIntBE(0, 6)).toBe(at);
    expect(b[6]! >> 4).toBe(7);
    expect(b[8]! >> 6).toBe(0b10);
    expect(idTime(id)).toBe(at);
    expect(idTime(randomUUID())).toBeNull();
  });

  it('newId uses the current time', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(V7);
    expect(idTime(id)).toBeGreaterThanOrEqual(before);
    expect(idTime(id)).toBeLessThanOrEqual(after);
  });

  it('is monotonic across 10,000 ids in the same ms, and they are all different', () => {
    const at = Date.UTC(2026, 10, 23, 1, 0, 0, 0);
    const next = createIdGenerator(() => at);
    const ids = Array.from({ length: 10_000 }, next);
    for (const id of ids) expect(id).toMatch(V7);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every((id) => idTime(id) === at)).toBe(true);
  });

  it('is monotonic across ms, sorts as strings by time, and never goes back with a clock that does', () => {
    let ms = Date.UTC(2026, 10, 23, 1, 0, 0, 0);
    const next = createIdGenerator(() => ms);
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      if (i % 7 === 0) ms += 1 + (i % 3);
      if (i % 1000 === 999) ms -= 50; // a clock stepping back: ids keep the last ms and keep counting
      ids.push(next());
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const times = ids.map((id) => idTime(id)!);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    // Sorting by string is sorting by time: ids made at an earlier ms come first whatever their counter.
    const early = createIdGenerator(() => Date.UTC(2026, 0, 1))();
    const late = createIdGenerator(() => Date.UTC(2026, 0, 1) + 1)();
    expect([late, early].sort()).toEqual([early, late]);
  });

  it('is a UUID to the contract (zod) like every v4 id already stored', () => {
    expect(z.uuid().safeParse(newId()).success).toBe(true);
    expect(z.uuid().safeParse(randomUUID()).success).toBe(true);
  });
});

describe('ids of new records in the core', () => {
  let t: TestCore;
  afterEach(async () => {
    await t.close();
  });

  it('a reported event and its outbox op get v7 ids; an event stored with a v4 id is still accepted and dispatched', async () => {
    t = await makeCore();
    const id = await t.core.events.report(t.officer, { title: '厂房消防通道堵塞', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01' });
    expect(id).toMatch(V7);
    const ops = await t.core.db.read((sql) => sql.all<{ op_id: string; entity_id: string }>(`SELECT op_id, entity_id FROM outbox ORDER BY seq`));
    expect(ops).toHaveLength(1);
    expect(ops[0]!.op_id).toMatch(V7);
    expect(ops[0]!.entity_id).toBe(id);

    // An event made by an earlier version (a random v4 id): give a fresh event that id everywhere.
    const oldId = await t.core.events.report(t.officer, { title: '路灯损坏', categoryCode: 'SAFE-001', level: 'general', source: 'phone', gridCode: 'G01' });
    const v4 = randomUUID();
    await t.core.db.write(async (sql) => {
      await sql.run(`UPDATE event SET id = ? WHERE id = ?`, [v4, oldId]);
      const tables = await sql.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`);
      for (const { name } of tables) {
        const columns = await sql.all<{ name: string }>(`SELECT name FROM pragma_table_info(?)`, [name]);
        if (columns.some((c) => c.name === 'event_id')) await sql.run(`UPDATE ${name} SET event_id = ? WHERE event_id = ?`, [v4, oldId]);
        if (columns.some((c) => c.name === 'entity_id')) await sql.run(`UPDATE ${name} SET entity_id = ? WHERE entity_id = ?`, [v4, oldId]);
      }
    });
    const item = t.core.town.catalogue.get('SAFE-001')!;
    await t.core.events.acceptAndDispatch(t.officer, { eventId: v4, leadPostId: item.leadPostId, cooperatingPostIds: [...item.cooperatingPostIds] });
    const d = await t.core.events.detail(t.officer, v4);
    expect(d.id).toBe(v4);
    expect(d.state).toBe('dispatched');
    expect(d.timeline.map((e) => e.action)).toEqual(['report', 'accept', 'dispatch']);
    const v4Ops = await t.core.db.read((sql) => sql.all<{ op_id: string }>(`SELECT op_id FROM outbox WHERE entity_id = ? ORDER BY seq`, [v4]));
    expect(v4Ops).toHaveLength(3);
    for (const op of v4Ops) expect(op.op_id).toMatch(V7);
  });
});
