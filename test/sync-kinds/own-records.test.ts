/**
 * A console's own upserts in its sync record: once the district serves them back, the console that
 * made a record holds the same sync record of it as the district and the other consoles of the town
 * (before, only records from elsewhere were folded in, so the maker's sync record never converged —
 * found by converge.test.ts's canonical dumps).
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { diffDumps, dumpConsole, dumpServer } from '../sync/canonical-dump';
import { TOWN } from '../sync/harness';
import { syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

const record = (core: Core, entity: string, id: string) =>
  core.db.read((sql) =>
    sql.get<{ version: number; hlc: string; payload: string }>(`SELECT version, hlc, payload FROM sync_record WHERE entity = ? AND entity_id = ?`, [entity, id]),
  );

describe("a console's own upserts in its sync record", () => {
  it('are there once pulled back, as the district and the other console hold them, edits folded by HLC', async () => {
    const t = consoles();
    const entry = await t.a.dutyLog.add(sampleTown(t.a).officer, { kind: 'call', text: '接区应急办电话' });
    t.clock.advance(60_000);
    await t.a.dutyLog.edit(sampleTown(t.a).officer, { entryId: entry.id, text: '接区应急办电话（已回电）' });
    await syncAll(t);
    const onA = await record(t.a, 'dutyLog', entry.id);
    expect(onA).toMatchObject({ version: 2 });
    expect(JSON.parse(onA!.payload)).toMatchObject({ text: '接区应急办电话（已回电）' });
    expect(await record(t.b, 'dutyLog', entry.id)).toEqual(onA);
    const server = await dumpServer(t.server.url, TOWN, 'tok-d');
    const [a, b] = [await t.a.db.read((sql) => dumpConsole(sql)), await t.b.db.read((sql) => dumpConsole(sql))];
    expect(diffDumps(a, server, ['console 1', 'district'])).toEqual([]);
    expect(diffDumps(a, b, ['console 1', 'console 2'])).toEqual([]);
  });
});
