/**
 * Handovers between two consoles of the town through a real district server, read through the
 * handover service as the 交接班 page does: a handover generated and confirmed on one is there on the
 * other, a note added on the other comes back, and the signed handover is signed on both with both
 * signatures. The conflict rules: signed is final (a newer unsigned change made elsewhere meanwhile
 * changes nothing, and the signed one replaces it there); the outgoing officer signing on one console and the incoming on
 * the other gives one handover signed by both, on both.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { SAMPLE_PASSWORD, sampleTown } from '../support/sample-town-core';
import { BEFORE_JANUARY, bj } from '../roster/helpers';
import { noProblems, syncAll, twoConsoles, type TwoConsoles } from './two-consoles';

const consoles = twoConsoles(BEFORE_JANUARY);

/** January generated on console 1 and synced; at 5 January 17:00 the day shift's handover, generated and confirmed on console 1. */
async function handoverReady(t: TwoConsoles): Promise<{ id: string; outgoing: string; incoming: string; desk: (core: Core) => Actor }> {
  const january = await t.a.roster.generate(sampleTown(t.a).admin, '2026-01');
  const day = january.days[4]!.shifts[0]!;
  const night = january.days[4]!.shifts[1]!;
  const outgoing = day.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
  const incoming = night.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
  const desk = (core: Core): Actor => ({ id: outgoing, roles: core.town.people.get(outgoing)!.roles });
  t.clock.set(bj('2026-01-05', '17:00'));
  await t.a.dutyLog.add(desk(t.a), { kind: 'call', text: '接区应急办电话' });
  const h = await t.a.handovers.generate(desk(t.a));
  await t.a.handovers.confirm(
    desk(t.a),
    h.id,
    h.items.map((i) => i.id),
    true,
  );
  await syncAll(t);
  return { id: h.id, outgoing, incoming, desk };
}

const sign = (core: Core, desk: Actor, id: string, side: 'outgoing' | 'incoming', personId: string) =>
  core.handovers.sign(desk, { handoverId: id, side, username: core.town.people.get(personId)!.username, password: SAMPLE_PASSWORD });

describe('handovers, both ways', () => {
  it('generated on console 1 is on console 2; a note added on 2 comes back; signed on 1 is signed on 2 with both signatures', async () => {
    const t = consoles();
    const { id, outgoing, incoming, desk } = await handoverReady(t);
    const onB = await t.b.handovers.get(desk(t.b), id);
    const onA = await t.a.handovers.get(desk(t.a), id);
    expect(onB).toMatchObject({ status: 'draft', pendingItems: 0, shift: onA.shift, nextShift: onA.nextShift, stats: onA.stats });
    expect(onB.items.map((i) => [i.kind, i.title, i.confirmedAt])).toEqual(onA.items.map((i) => [i.kind, i.title, i.confirmedAt]));
    expect((await t.b.handovers.current(desk(t.b))).handover?.id).toBe(id);

    t.clock.advance(60_000);
    await t.b.handovers.addItem(desk(t.b), id, '报警人九点回电');
    await syncAll(t);
    expect((await t.a.handovers.get(desk(t.a), id)).items.map((i) => i.title)).toContain('报警人九点回电');

    t.clock.advance(60_000);
    await sign(t.a, desk(t.a), id, 'outgoing', outgoing);
    await sign(t.a, desk(t.a), id, 'incoming', incoming);
    await syncAll(t);
    const signed = await t.b.handovers.get(desk(t.b), id);
    const there = await t.a.handovers.get(desk(t.a), id);
    expect(signed).toMatchObject({ status: 'signed', signedAt: there.signedAt, contentHash: there.contentHash });
    expect(signed.outgoing).toMatchObject({ personId: outgoing, signedAt: there.outgoing!.signedAt });
    expect(signed.incoming).toMatchObject({ personId: incoming, signedAt: there.incoming!.signedAt });
    // Its shift's duty log is final on console 2 too.
    const entries = (await t.b.dutyLog.list(desk(t.b), { limit: 10 })).entries;
    expect(entries.map((e) => e.editable)).toEqual([false]);
  });

  it('signed is final, whatever the HLC order: a newer note from console 2 changes nothing on 1, and the signature replaces it on 2', async () => {
    const t = consoles();
    const { id, outgoing, incoming, desk } = await handoverReady(t);
    t.clock.advance(60_000);
    await sign(t.a, desk(t.a), id, 'outgoing', outgoing);
    await sign(t.a, desk(t.a), id, 'incoming', incoming);
    // Console 2 has not heard of the signatures: it adds a note, later (a newer HLC), and reaches the district first.
    t.clock.advance(60_000);
    await t.b.handovers.addItem(desk(t.b), id, '晚到的备注');
    await t.b.sync!.syncOnce();
    await t.a.sync!.syncOnce();
    await t.b.sync!.syncOnce();
    const signed = await t.a.handovers.get(desk(t.a), id);
    for (const core of [t.a, t.b]) {
      const h = await core.handovers.get(desk(core), id);
      expect(h).toMatchObject({ status: 'signed', signedAt: signed.signedAt, contentHash: signed.contentHash });
      expect(h.items.map((i) => i.title)).not.toContain('晚到的备注');
    }
    expect(await noProblems(t)).toEqual([]);
  });

  it('both signatures kept: the outgoing officer signs on console 1, the incoming on console 2, at once; both consoles hold it signed by both', async () => {
    const t = consoles();
    const { id, outgoing, incoming, desk } = await handoverReady(t);
    t.clock.advance(60_000);
    await sign(t.a, desk(t.a), id, 'outgoing', outgoing);
    t.clock.advance(1_000);
    await sign(t.b, desk(t.b), id, 'incoming', incoming);
    await syncAll(t);
    await t.b.sync!.syncOnce();
    const onA = await t.a.handovers.get(desk(t.a), id);
    const onB = await t.b.handovers.get(desk(t.b), id);
    for (const h of [onA, onB]) {
      expect(h.status).toBe('signed');
      expect(h.outgoing?.personId).toBe(outgoing);
      expect(h.incoming?.personId).toBe(incoming);
      expect(h.signedAt).toBe(h.incoming!.signedAt);
    }
    expect(onB.contentHash).toBe(onA.contentHash);
  });
});
