/**
 * Why a side's 签字 button cannot be pressed, as the handover page words it: the unconfirmed items by
 * group (an annotated item counts as done), whom the side waits for, what they must enter; nothing
 * once the side has signed or the button can be pressed. The groups follow the core's order.
 */
import { describe, expect, it } from 'vitest';
import { groupItems, signReasons } from '../../renderer/src/components/handover/handover-groups';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import type { Handover, HandoverItem, HandoverItemKind } from '../../preload/contract/roster-schemas';

const h = zhCN.duty.handover;

let n = 0;
function item(kind: HandoverItemKind, state: 'pending' | 'confirmed' | 'noted' = 'pending'): HandoverItem {
  n += 1;
  return {
    id: `i${n}`,
    kind,
    refId: null,
    title: `事项${n}`,
    detail: {},
    confirmed: state === 'confirmed',
    confirmedBy: null,
    confirmedByName: null,
    confirmedAt: null,
    note: state === 'noted' ? '已电话联系' : null,
    notedBy: null,
    notedByName: null,
    notedAt: null,
  };
}

function handover(items: HandoverItem[], extra: Partial<Handover> = {}): Handover {
  const shift = { id: 's', name: '白班', date: '2026-11-23', startsAt: '', endsAt: '' };
  return {
    id: 'h',
    shift,
    nextShift: { ...shift, id: 'n', name: '夜班' },
    status: 'draft',
    generatedAt: '',
    generatedBy: null,
    refreshedAt: '',
    items,
    pendingItems: items.filter((i) => !i.confirmed && !i.note).length,
    stats: { reported: 0, closed: 0, open: 0, overdue: 0, waitingDistrict: 0, dutyLog: 0 },
    outgoing: null,
    incoming: null,
    signedAt: null,
    contentHash: null,
    version: 1,
    signers: { outgoing: ['张三'], incoming: ['李四', '王五'] },
    ...extra,
  };
}

describe('the sign button’s reason', () => {
  it('counts the unconfirmed items by group and names whom each side waits for', () => {
    const items = [item('overdue_event'), item('overdue_event', 'noted'), item('check'), item('check'), item('check', 'confirmed'), item('duty_log', 'confirmed')];
    expect(groupItems(items).map((g) => [g.kind, g.items.length, g.pending.length])).toEqual([
      ['overdue_event', 2, 1],
      ['check', 3, 2],
      ['duty_log', 1, 0],
    ]);
    expect(signReasons(h, handover(items), 'outgoing', false)).toEqual(['还有 3 项未确认：超时事件 1 项、设备检查 2 项', '待交班人 张三 签署：请输入其用户名和密码']);
    expect(signReasons(h, handover(items), 'incoming', true)).toEqual(['还有 3 项未确认：超时事件 1 项、设备检查 2 项', '待接班人 李四 或 王五 签署']);
  });

  it('once all is confirmed: only what to enter, and nothing when the button can be pressed or the side has signed', () => {
    const items = [item('check', 'confirmed'), item('note', 'noted')];
    expect(signReasons(h, handover(items), 'outgoing', false)).toEqual(['待交班人 张三 签署：请输入其用户名和密码']);
    expect(signReasons(h, handover(items), 'outgoing', true)).toEqual([]);
    const signed = handover(items, { status: 'signing', outgoing: { personId: 'p', name: '张三', signedAt: '2026-11-23T09:00:00Z' } });
    expect(signReasons(h, signed, 'outgoing', false)).toEqual([]);
    expect(signReasons(h, signed, 'incoming', false)).toEqual(['待接班人 李四 或 王五 签署：请输入其用户名和密码']);
    // Nobody rostered on the next shift: the side alone.
    expect(signReasons(h, handover(items, { signers: { outgoing: [], incoming: [] } }), 'incoming', false)).toEqual(['待接班人签署：请输入其用户名和密码']);
  });
});
