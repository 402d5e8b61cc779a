/**
 * A desk's worth of real-looking data, made by the real services (not hand-written rows): events
 * from every source and level across the town's grids and catalogue, walked through the lifecycle
 * to every kind of end — dispatched, acknowledged, closed, returned, escalated, merged, carried
 * over — with their timelines, assignments, approvals, alarms, audit rows and outbox ops, a
 * calendar override, and a sync record from the district.
 */
import { LEVELS, SOURCES } from '../../preload/contract/schemas';
import type { TestCore } from '../support/core';
import { beijingDate } from '../../main/core/beijing-time';

export async function fillRealLookingDesk(t: TestCore, count = 48): Promise<{ eventIds: string[] }> {
  const { core } = t;
  const items = [...core.town.catalogue.values()].filter((i) => i.leadPostId);
  const grids = [...core.town.grids.values()];
  const ids: string[] = [];
  const callers = ['王大伯', '李阿姨', '陈师傅', '赵女士', '周先生'];
  for (let i = 0; i < count; i++) {
    const item = items[(i * 7) % items.length]!;
    const grid = grids[(i * 5) % grids.length]!;
    const level = LEVELS[i % 11 === 0 ? 2 : i % 5 === 0 ? 1 : 0]!;
    const source = SOURCES[i % (SOURCES.length - 1)]!; // not 'district': those arrive through sync
    ids.push(
      await core.events.report(t.officer, {
        title: `${grid.village}${item.name}（第${i + 1}件）`,
        description: `${grid.name}网格员上报：${item.name}，请尽快处置。`,
        categoryCode: item.code,
        level,
        source,
        gridCode: grid.code,
        location: { lng: 120.1 + (i % 9) * 0.01, lat: 30.2 + (i % 7) * 0.01 },
        ...(source === 'phone' || source === 'hotline' ? { callerName: callers[i % callers.length], callerPhone: `139${String(10000000 + i * 7919).slice(0, 8)}` } : {}),
      }),
    );
    t.clock.advance(3 * 60_000);
  }
  const dispatch = async (id: string) => {
    const p = await core.events.proposeDispatch(t.officer, id);
    await core.events.acceptAndDispatch(t.officer, { eventId: id, leadPostId: p.lead.id, cooperatingPostIds: p.cooperating.map((c) => c.id) });
    return p.lead.id;
  };
  const holder = (postId: string) => {
    const post = core.town.posts.get(postId)!;
    return t.staffOf(post.code, post.aPersonId ? 'A' : 'B');
  };
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    switch (i % 8) {
      case 0: {
        // The whole loop, closed after verification.
        const lead = await dispatch(id);
        await core.events.acknowledge(holder(lead), id, lead);
        await core.events.arrive(holder(lead), id, lead);
        await core.events.note(holder(lead), id, '现场已设置警戒线', lead);
        await core.events.reportBack(holder(lead), id, '已处置完毕，现场恢复正常');
        await core.events.verify(t.officer2, id);
        break;
      }
      case 1: {
        const lead = await dispatch(id);
        await core.events.acknowledge(holder(lead), id, lead);
        break;
      }
      case 2:
        await core.events.accept(t.officer, id);
        await core.events.close(t.officer, id, '电话解释后当场办结');
        break;
      case 3: {
        const { approvalId } = await core.events.requestReturn(t.officer, id, '不属于本镇职责范围');
        if (approvalId) await core.events.decideApproval(t.leader, { approvalId, approve: true, note: '同意退回' });
        break;
      }
      case 4:
        await core.events.escalate(t.officer, id, '涉及跨镇街协调，请区级统筹');
        break;
      case 5:
        await core.events.markInvalid(t.officer, id, '重复来电，信息不实');
        break;
      case 6: {
        const lead = await dispatch(id);
        await core.events.requestExtension(holder(lead), {
          eventId: id,
          postId: lead,
          until: new Date(t.clock.now().getTime() + 60 * 86400_000).toISOString(),
          reason: '需协调施工队',
        });
        break;
      }
      default:
        break; // left reported: waiting in the queue
    }
  }
  // Time passes: clocks run out and raise alarms; an overdue event is held (挂账, the leader's own).
  t.clock.advance(3 * 86400_000);
  await core.events.sweep();
  const open = await core.events.queue(t.officer, { limit: 200 });
  const overdue = open.rows.find((r) => r.state === 'in_progress' || r.state === 'dispatched');
  const reviewBy = beijingDate(new Date(t.clock.now().getTime() + 7 * 86400_000));
  if (overdue) await core.events.requestHold(t.leader, { eventId: overdue.id, reason: '施工周期长，已与群众沟通，挂账跟踪', reviewBy }).catch(() => undefined);
  const [alarm] = await core.alarms.list(5);
  if (alarm) await core.alarms.ack(t.officer, alarm.id, '已电话督办');
  await core.calendar
    .setYear(t.admin.id, { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [{ date: '2027-01-04', name: '调休上班' }] })
    .catch(() => undefined);
  return { eventIds: ids };
}
