/**
 * The handover's checklist as people work through it: items grouped by kind (in the order the core
 * sorted them), each group's pending items (neither confirmed nor annotated), and why a side's 签字
 * button cannot be pressed yet, in words (who must still sign, what is still unconfirmed).
 */
import type { Handover, HandoverItem, HandoverItemKind } from '../../../../preload/contract';
import { fill, nameOf, type Messages } from '../../locales';

export interface ItemGroup {
  readonly kind: HandoverItemKind;
  readonly items: readonly HandoverItem[];
  /** Items neither confirmed nor annotated: what 确认本组 confirms. */
  readonly pending: readonly HandoverItem[];
}

export const isPending = (i: HandoverItem): boolean => !i.confirmed && !i.note;

/** The items by kind, groups in the order their first item comes. */
export function groupItems(items: readonly HandoverItem[]): ItemGroup[] {
  const byKind = new Map<HandoverItemKind, HandoverItem[]>();
  for (const i of items) {
    const list = byKind.get(i.kind);
    if (list) list.push(i);
    else byKind.set(i.kind, [i]);
  }
  return [...byKind].map(([kind, list]) => ({ kind, items: list, pending: list.filter(isPending) }));
}

/**
 * Why the side's button is disabled, as sentences (empty when it can be pressed): the unconfirmed
 * items by group, then whom the side waits for and what they must enter.
 */
export function signReasons(h: Messages['duty']['handover'], handover: Handover, side: 'outgoing' | 'incoming', credentials: boolean): string[] {
  if (handover[side] || handover.status === 'signed') return [];
  const reasons: string[] = [];
  const pending = groupItems(handover.items).filter((g) => g.pending.length > 0);
  const count = pending.reduce((n, g) => n + g.pending.length, 0);
  if (count > 0) {
    const groups = pending.map((g) => fill(h.reasonGroup, { kind: nameOf(h.kinds, g.kind), count: g.pending.length })).join('、');
    reasons.push(fill(h.reasonPending, { count, groups }));
  }
  if (count > 0 || !credentials) {
    const names = handover.signers?.[side] ?? [];
    const sideName = nameOf(h.sides, side);
    const who = names.length > 0 ? fill(h.reasonSigner, { side: sideName, names: names.join(h.reasonOr) }) : fill(h.reasonSide, { side: sideName });
    reasons.push(credentials ? who : `${who}：${h.reasonCredentials}`);
  }
  return reasons;
}
