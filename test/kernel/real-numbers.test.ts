/**
 * A REAL comes back bit-identical (Object.is) whichever way it was written or read: TypeORM's entity
 * save and query builder (which write numbers into the SQL text as literals), raw SQL with a literal
 * or a bound parameter, CAST, json_extract, and a page applied set-based from one JSON parameter
 * (json_each / jsonb_each), read back through the driver, TypeORM, json_object and CAST AS TEXT; and
 * through the product (a report with a location, read back in the event's detail).
 *
 * SQLite 3.52.0 (what sqlite3 6.0.1 bundles) fails this: it reads the decimal text `39.818994` as
 * 39.818993999999996 (literal, CAST, json_extract, entity save) and writes JSON with 15 digits
 * (`0.1 + 0.2` comes back as 0.3). The console runs on 3.53.4 (scripts/sqlite-engine.mjs).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataSource } from '../../main/core/db/data-source';
import { EventRow } from '../../main/core/db/entities';
import { makeCore } from '../support/core';

/** The known bad ones first (coordinates of the town's grid, a sum), then the awkward corners of a double. */
const VALUES: readonly number[] = [
  39.818994,
  106.551557,
  0.1 + 0.2,
  116.397128,
  30.274084,
  1 / 3,
  Math.PI,
  2.5e-8,
  123456789.12345679,
  -0.000123,
  1e300,
  2.2250738585072014e-308, // the smallest normal double
  5e-324, // the smallest subnormal
  1.7976931348623157e308, // the largest finite double
];

type Write = (ds: DataSource, id: string, value: number) => Promise<unknown>;

/** Each way the product (or the sync's set-based apply) writes a REAL. The row exists with lng/lat NULL, except for `save`. */
const WRITES: Readonly<Record<string, Write>> = {
  'TypeORM entity save': (ds, id, v) => ds.getRepository(EventRow).save(eventRow(id, v)),
  'TypeORM query builder update': (ds, id, v) => ds.createQueryBuilder().update(EventRow).set({ lng: v, lat: v }).where('id = :id', { id }).execute(),
  'raw SQL with a literal': (ds, id, v) => ds.query(`UPDATE event SET lng = ${String(v)}, lat = ${String(v)} WHERE id = ?`, [id]),
  'raw SQL with a parameter': (ds, id, v) => ds.query('UPDATE event SET lng = ?, lat = ? WHERE id = ?', [v, v, id]),
  'CAST of text': (ds, id, v) => ds.query('UPDATE event SET lng = CAST(?1 AS REAL), lat = CAST(?1 AS REAL) WHERE id = ?2', [String(v), id]),
  'json_extract and ->> of a JSON parameter': (ds, id, v) =>
    ds.query(`UPDATE event SET lng = json_extract(?1, '$.location.lng'), lat = ?1 ->> '$.location.lat' WHERE id = ?2`, [JSON.stringify({ location: { lng: v, lat: v } }), id]),
  'set-based apply over json_each': (ds, id, v) =>
    ds.query(`UPDATE event SET lng = op.value ->> '$.lng', lat = op.value ->> '$.lat' FROM json_each(?) AS op WHERE event.id = op.value ->> '$.id'`, [
      JSON.stringify([{ id, lng: v, lat: v }]),
    ]),
  'set-based apply over jsonb_each': (ds, id, v) =>
    ds.query(`UPDATE event SET lng = op.value ->> '$.lng', lat = op.value ->> '$.lat' FROM jsonb_each(jsonb(?)) AS op WHERE event.id = op.value ->> '$.id'`, [
      JSON.stringify([{ id, lng: v, lat: v }]),
    ]),
};

function eventRow(id: string, value: number | null): EventRow {
  const at = '2026-11-23T01:00:00.000Z';
  return Object.assign(new EventRow(), {
    id,
    townCode: '330110105000',
    title: '坐标',
    description: null,
    categoryCode: 'SAFE-001',
    boardCode: 'B1',
    level: 'general',
    levelRank: 1,
    source: 'phone',
    gridCode: null,
    lng: value,
    lat: value,
    callerName: null,
    callerPhone: null,
    state: 'closed',
    isOpen: 0,
    reportedAt: at,
    acceptedAt: null,
    dispatchedAt: null,
    acknowledgedAt: null,
    arrivedAt: null,
    resolvedAt: null,
    closedAt: at,
    acceptDue: null,
    ackDue: null,
    onSceneDue: null,
    resolveDue: null,
    dueAt: null,
    dueKind: null,
    leadPostId: null,
    coopPostIds: '[]',
    handlerId: null,
    possibleDuplicateOf: null,
    mergedInto: null,
    carriedOver: 0,
    carryOverNote: null,
    version: 1,
    hlc: '0',
    updatedAt: at,
  });
}

/** Every way the value is read back: the driver's double, TypeORM's entity, JSON text parsed by JS, text parsed by JS. */
async function readBack(ds: DataSource, id: string): Promise<Record<string, unknown>> {
  const [row] = (await ds.query(`SELECT lng, lat, json_object('lng', lng, 'lat', lat) AS json, CAST(lng AS TEXT) AS text FROM event WHERE id = ?`, [id])) as {
    lng: number;
    lat: number;
    json: string;
    text: string;
  }[];
  const entity = await ds.getRepository(EventRow).findOneByOrFail({ id });
  const json = JSON.parse(row!.json) as { lng: number; lat: number };
  return { lng: row!.lng, lat: row!.lat, entityLng: entity.lng, entityLat: entity.lat, jsonLng: json.lng, jsonLat: json.lat, text: Number(row!.text) };
}

describe('REAL values round-trip bit-identical', () => {
  let dir: string;
  let ds: DataSource;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-real-'));
    ds = await openDataSource(path.join(dir, 'numbers.sqlite'));
  });
  afterAll(async () => {
    await ds?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [name, write] of Object.entries(WRITES)) {
    it(name, async () => {
      const wrong: string[] = [];
      for (const [i, value] of VALUES.entries()) {
        const id = `${name}-${i}`;
        if (name !== 'TypeORM entity save') await ds.getRepository(EventRow).insert(eventRow(id, null));
        await write(ds, id, value);
        for (const [how, back] of Object.entries(await readBack(ds, id))) {
          if (!Object.is(back, value)) wrong.push(`${String(value)} → ${how} ${String(back)}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('a TypeORM lookup by a literal finds the row it wrote', async () => {
    for (const [i, value] of VALUES.entries()) {
      const id = `lookup-${i}`;
      await ds.getRepository(EventRow).insert(eventRow(id, null));
      await ds.query('UPDATE event SET lng = ?, lat = ? WHERE id = ?', [value, value, id]);
      // TypeORM puts the number into the SQL text: SQLite parses it and must get the same double.
      const found = await ds.createQueryBuilder(EventRow, 'e').where('e.id = :id AND e.lng = :lng AND e.lat = :lat', { id, lng: value, lat: value }).getOne();
      expect(found?.id, String(value)).toBe(id);
    }
  });
});

describe('through the product', () => {
  it('a report with a location shows it exactly in the detail', async () => {
    const t = await makeCore();
    try {
      for (const [lng, lat] of [
        [106.551557, 39.818994],
        [116.397128, 0.1 + 0.2],
      ] as const) {
        const id = await t.core.events.report(t.officer, { title: '路面塌陷', categoryCode: 'SAFE-001', level: 'general', source: 'phone', location: { lng, lat } });
        const detail = await t.core.events.detail(t.officer, id);
        expect(Object.is(detail.location?.lng, lng), `lng ${String(detail.location?.lng)}`).toBe(true);
        expect(Object.is(detail.location?.lat, lat), `lat ${String(detail.location?.lat)}`).toBe(true);
      }
    } finally {
      await t.close();
    }
  });
});
