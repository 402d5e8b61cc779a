/**
 * 历史交接 on a real core: only signed handovers are listed (a draft, or one signed by one side only,
 * is not), the latest signature first, of one month's shifts or the latest of all; a month that is
 * not YYYY-MM is refused. A handover's view names who may sign each side (the sign button says whom
 * it waits for).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../main/core/town/town.service';
import type { RosterView, ShiftView } from '../../preload/contract/roster-schemas';
import type { TestCore } from '../support/core';
import { refusedWith } from '../support/refused';
import { actorOf, rosterCore, usernameOf } from '../roster/helpers';

let t: TestCore;
let january: RosterView;
let february: RosterView;

const shiftOn = (view: RosterView, date: string, template: string): ShiftView => view.days.find((d) => d.date === date)!.shifts.find((s) => s.templateCode === template)!;
const officerOf = (s: ShiftView) => s.roles.find((r) => r.key === 'officer')!.slots[0]!.personId!;
const nameOf = (id: string) => t.core.town.people.get(id)!.name;
/** Ten minutes before the shift ends. */
const nearEnd = (s: ShiftView) => new Date(new Date(s.endsAt).getTime() - 10 * 60_000).toISOString();

/** The handover out of `shift` generated near its end, every item confirmed, and signed by `sides` (the outgoing and the next shift's officer). */
async function handOver(shift: ShiftView, next: ShiftView, sides: 'both' | 'outgoing' | 'none', signAt?: string): Promise<string> {
  t.clock.set(nearEnd(shift));
  const desk = actorOf(t, officerOf(shift));
  const h = await t.core.handovers.generate(desk, shift.id);
  await t.core.handovers.confirm(
    desk,
    h.id,
    h.items.map((i) => i.id),
    true,
  );
  if (sides === 'none') return h.id;
  await t.core.handovers.sign(desk, { handoverId: h.id, side: 'outgoing', username: usernameOf(t, officerOf(shift)), password: DEMO_PASSWORD });
  if (sides === 'outgoing') return h.id;
  if (signAt) t.clock.set(signAt);
  await t.core.handovers.sign(desk, { handoverId: h.id, side: 'incoming', username: usernameOf(t, officerOf(next)), password: DEMO_PASSWORD });
  return h.id;
}

beforeEach(async () => {
  t = await rosterCore();
  january = await t.core.roster.generate(t.admin, '2026-01');
  february = await t.core.roster.generate(t.admin, '2026-02');
});
afterEach(async () => {
  await t.close();
});

describe('历史交接', () => {
  it('lists signed handovers only, the latest signature first, by month or the latest of all', async () => {
    const day5 = shiftOn(january, '2026-01-05', 'day');
    const night5 = shiftOn(january, '2026-01-05', 'night');
    const day6 = shiftOn(january, '2026-01-06', 'day');
    const night6 = shiftOn(january, '2026-01-06', 'night');
    const feb2 = shiftOn(february, '2026-02-02', 'day');
    const feb2night = shiftOn(february, '2026-02-02', 'night');
    const a = await handOver(day5, night5, 'both');
    const b = await handOver(night5, day6, 'both', new Date(new Date(night5.endsAt).getTime() + 5 * 60_000).toISOString());
    const halfSigned = await handOver(day6, night6, 'outgoing');
    const c = await handOver(feb2, feb2night, 'both');
    const draft = await handOver(feb2night, shiftOn(february, '2026-02-03', 'day'), 'none');
    const reader = actorOf(t, officerOf(day5));

    const all = await t.core.handovers.history(reader, undefined, 100);
    expect(all.map((h) => h.id)).toEqual([c, b, a]);
    expect(all.map((h) => h.id)).not.toContain(halfSigned);
    expect(all.map((h) => h.id)).not.toContain(draft);
    expect(all.every((h) => h.status === 'signed' && h.signedAt !== null)).toBe(true);
    // Each with its shift, who handed over and who took over.
    expect(all[1]).toMatchObject({
      shift: { id: night5.id, date: '2026-01-05', name: night5.name },
      outgoingName: nameOf(officerOf(night5)),
      incomingName: nameOf(officerOf(day6)),
    });
    const signedTimes = all.map((h) => h.signedAt!);
    expect([...signedTimes].sort().reverse()).toEqual(signedTimes);

    expect((await t.core.handovers.history(reader, '2026-01', 100)).map((h) => h.id)).toEqual([b, a]);
    expect((await t.core.handovers.history(reader, '2026-02', 100)).map((h) => h.id)).toEqual([c]);
    expect(await t.core.handovers.history(reader, '2026-03', 100)).toEqual([]);
    expect((await t.core.handovers.history(reader, undefined, 1)).map((h) => h.id)).toEqual([c]);
    // The older list still has drafts (the watch's own reads use it).
    expect((await t.core.handovers.list(reader, '2026-02', 100)).map((h) => h.id)).toContain(draft);
  });

  it('refuses a month that is not YYYY-MM (the door refuses it too: test/roster/api.test.ts)', async () => {
    const reader = actorOf(t, officerOf(shiftOn(january, '2026-01-05', 'day')));
    for (const month of ['2026-13', '2026-1', '202601', '二〇二六年一月', '']) {
      await refusedWith(t.core.handovers.history(reader, month, 10), 'invalid');
    }
  });

  it('names who may sign each side: the duty leader and duty officers of the shift and of the next', async () => {
    const day5 = shiftOn(january, '2026-01-05', 'day');
    const night5 = shiftOn(january, '2026-01-05', 'night');
    t.clock.set(nearEnd(day5));
    const h = await t.core.handovers.generate(actorOf(t, officerOf(day5)), day5.id);
    const rostered = (s: ShiftView) =>
      s.roles
        .filter((r) => r.key === 'leader' || r.key === 'officer')
        .flatMap((r) => r.slots.map((x) => x.personId))
        .filter((x): x is string => !!x)
        .map(nameOf);
    expect(h.signers?.outgoing.sort()).toEqual([...new Set(rostered(day5))].sort());
    expect(h.signers?.incoming.sort()).toEqual([...new Set(rostered(night5))].sort());
  });
});
