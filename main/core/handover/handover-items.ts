/**
 * Working through an unsigned handover's checklist: items confirmed (or unconfirmed), annotated, or
 * added by hand as notes. Each is one kernel command that re-syncs the whole handover.
 */
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { type Actor, newId } from '../kernel';
import { permit } from '../kernel/permissions';
import type { HandoverContext } from './handover-context';
import type { HandoverItemRecord, HandoverRecord } from './handover.repository';

type ItemEdit = (sql: Sql, h: HandoverRecord, items: Map<string, HandoverItemRecord>, at: string) => Promise<{ action: string; detail: Record<string, unknown> }>;

export class HandoverItems {
  constructor(private readonly ctx: HandoverContext) {}

  confirm(actor: Actor, handoverId: string, itemIds: readonly string[], confirmed: boolean): Promise<void> {
    return this.editItems(actor, 'handover.confirm', handoverId, async (sql, h, items, at) => {
      for (const itemId of itemIds) {
        const item = items.get(itemId);
        if (!item) refuse('not_found', `no item ${itemId} in this handover`, { id: itemId });
        await this.ctx.repo.updateItem(sql, { ...item, confirmed_by: confirmed ? actor.id : null, confirmed_at: confirmed ? at : null });
      }
      return { action: confirmed ? 'handover.confirm' : 'handover.unconfirm', detail: { itemIds } };
    });
  }

  annotate(actor: Actor, handoverId: string, itemId: string, note: string): Promise<void> {
    return this.editItems(actor, 'handover.annotate', handoverId, async (sql, h, items, at) => {
      const item = items.get(itemId);
      if (!item) refuse('not_found', `no item ${itemId} in this handover`, { id: itemId });
      const text = note.trim();
      if (item.kind === 'note' && !text) refuse('invalid', 'a handed-over note needs its text', { field: 'note' });
      await this.ctx.repo.updateItem(sql, { ...item, note: text || null, noted_by: text ? actor.id : null, noted_at: text ? at : null });
      return { action: 'handover.annotate', detail: { itemId, note: text } };
    });
  }

  /** A note handed over by hand ("the caller of event X will ring back at 9"), counted as annotated. */
  addItem(actor: Actor, handoverId: string, text: string): Promise<void> {
    return this.editItems(actor, 'handover.addItem', handoverId, async (sql, h, items, at) => {
      const sort = Math.max(0, ...[...items.values()].map((i) => i.sort)) + 1;
      await this.ctx.repo.insertItem(sql, {
        id: newId(),
        handover_id: h.id,
        kind: 'note',
        ref_id: null,
        title: text,
        detail: '{}',
        sort,
        confirmed_by: null,
        confirmed_at: null,
        note: text,
        noted_by: actor.id,
        noted_at: at,
      });
      return { action: 'handover.addItem', detail: { text } };
    });
  }

  private async editItems(actor: Actor, name: string, handoverId: string, fn: ItemEdit): Promise<void> {
    permit(actor, 'handover');
    await this.ctx.run(name, actor, async (tx) => {
      const h = await this.ctx.load(tx.sql, handoverId);
      this.ctx.refuseIfFrozen(h);
      const items = new Map((await this.ctx.repo.items(tx.sql, h.id)).map((i) => [i.id, i]));
      const { action, detail } = await fn(tx.sql, h, items, tx.at);
      await this.ctx.save(tx, h);
      await tx.audit(action, 'handover', h.id, detail);
    });
  }
}
