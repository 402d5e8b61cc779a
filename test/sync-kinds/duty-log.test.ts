/**
 * Duty-log entries between two consoles of the town through a real district server, read through the
 * duty-log service as the 值班日志 page does: an entry written on one is listed (and found by its
 * words) on the other; an edit and a deletion on either reach the other; the same entry edited on both
 * at once: the newer edit (HLC) wins on both, whichever reaches the district first.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY } from '../roster/helpers';
import { noProblems, syncAll, twoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

const texts = async (core: Core, q?: string): Promise<string[]> =>
  (await core.dutyLog.list(sampleTown(core).officer, { limit: 50, ...(q ? { q } : {}) })).entries.map((e) => e.text);

describe('duty-log entries, both ways', () => {
  it('an entry written on console 1 is listed and found on console 2; an edit on 2 and a deletion on 1 reach the other', async () => {
    const t = consoles();
    const entry = await t.a.dutyLog.add(sampleTown(t.a).officer, { kind: 'call', text: '接区应急办电话：白鹭溪水位上涨' });
    await syncAll(t);
    expect(await texts(t.b)).toEqual(['接区应急办电话：白鹭溪水位上涨']);
    expect(await texts(t.b, '水位上涨')).toEqual(['接区应急办电话：白鹭溪水位上涨']);
    const onB = (await t.b.dutyLog.list(sampleTown(t.b).officer, { limit: 5 })).entries[0]!;
    expect(onB).toMatchObject({ id: entry.id, kind: 'call', authorId: sampleTown(t.a).officer.id, at: entry.at });

    t.clock.advance(60_000);
    await t.b.dutyLog.edit(sampleTown(t.b).leader, { entryId: entry.id, text: '接区应急办电话：白鹭溪水位回落' });
    await syncAll(t);
    expect(await texts(t.a)).toEqual(['接区应急办电话：白鹭溪水位回落']);
    // The full-text index follows the synced text.
    expect(await texts(t.a, '水位上涨')).toEqual([]);
    expect(await texts(t.a, '水位回落')).toEqual(['接区应急办电话：白鹭溪水位回落']);

    t.clock.advance(60_000);
    await t.a.dutyLog.remove(sampleTown(t.a).officer, entry.id);
    await syncAll(t);
    expect(await texts(t.b)).toEqual([]);
    expect(await noProblems(t)).toEqual([]);
    // Folded in, never sent back: console 2 sent only its own edit.
    const ops = await t.b.db.read((sql) => sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE entity = 'dutyLog'`));
    expect(ops?.n).toBe(1);
  });

  it('the same entry edited on both: the newer edit wins on both, though the older one reaches the district last', async () => {
    const t = consoles();
    const entry = await t.a.dutyLog.add(sampleTown(t.a).leader, { kind: 'instruction', text: '镇长指示：加强巡查' });
    await syncAll(t);
    t.clock.advance(60_000);
    await t.a.dutyLog.edit(sampleTown(t.a).leader, { entryId: entry.id, text: '镇长指示：加强巡查（旧）' });
    t.clock.advance(60_000);
    await t.b.dutyLog.edit(sampleTown(t.b).leader, { entryId: entry.id, text: '镇长指示：加强巡查（新）' });
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    expect(await texts(t.a)).toEqual(['镇长指示：加强巡查（新）']);
    expect(await texts(t.b)).toEqual(['镇长指示：加强巡查（新）']);
    expect(await noProblems(t)).toEqual([]);
  });
});
