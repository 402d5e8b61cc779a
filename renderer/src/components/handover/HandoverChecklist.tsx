/**
 * The checklist of an unsigned (or signed, read-only) handover, group by group: each item has its
 * own labelled checkbox and note; each group's 确认本组（N 项） confirms that group's N pending
 * items. Nothing confirms every group at once: each group is looked at.
 */
import { Button, Checkbox, Input, Table, Tag } from 'antd';
import type { Handover, HandoverItem } from '../../../../preload/contract';
import { fill, nameOf, useMessages } from '../../locales';
import { groupItems } from './handover-groups';

export interface ChecklistProps {
  readonly handover: Handover;
  readonly editable: boolean;
  readonly busy: boolean;
  confirm(itemIds: readonly string[], confirmed: boolean): void;
  annotate(item: HandoverItem, note: string): void;
}

export function HandoverChecklist({ handover, editable, busy, confirm, annotate }: ChecklistProps) {
  const h = useMessages().duty.handover;
  return (
    <div className="handover-groups" data-testid="handover-items">
      {groupItems(handover.items).map((g) => {
        const kind = nameOf(h.kinds, g.kind);
        const headId = `handover-group-${g.kind}`;
        return (
          <section key={g.kind} className="handover-group" aria-labelledby={headId} data-testid="handover-group" data-kind={g.kind}>
            <div className="handover-group-head">
              <h3 id={headId} className="handover-group-title" data-testid="handover-group-title">
                {fill(h.groupHead, { kind, total: g.items.length, pending: g.pending.length })}
              </h3>
              {editable && g.pending.length > 0 ? (
                <Button
                  size="small"
                  loading={busy}
                  onClick={() =>
                    confirm(
                      g.pending.map((i) => i.id),
                      true,
                    )
                  }
                  data-testid="handover-confirm-group"
                >
                  {fill(h.confirmGroup, { count: g.pending.length })}
                </Button>
              ) : (
                g.pending.length === 0 && <span className="muted">{h.groupDone}</span>
              )}
            </div>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={g.items as HandoverItem[]}
              columns={[
                {
                  title: h.itemTitle,
                  render: (_: unknown, i: HandoverItem) => (
                    <>
                      {i.kind === 'overdue_event' && <Tag color="red">{nameOf(h.kinds, i.kind)}</Tag>}
                      {i.title}
                    </>
                  ),
                },
                {
                  title: h.confirmed,
                  width: 90,
                  render: (_: unknown, i: HandoverItem) => (
                    <Checkbox
                      checked={i.confirmed}
                      disabled={!editable || busy}
                      aria-label={fill(h.confirmItem, { title: i.title })}
                      data-testid="handover-item-confirm"
                      onChange={(e) => confirm([i.id], e.target.checked)}
                    />
                  ),
                },
                {
                  title: h.note,
                  width: 360,
                  render: (_: unknown, i: HandoverItem) =>
                    editable ? (
                      <Input
                        size="small"
                        defaultValue={i.note ?? ''}
                        placeholder={h.notePlaceholder}
                        aria-label={`${h.note}：${i.title}`}
                        data-testid="handover-item-note"
                        onBlur={(e) => {
                          const note = e.target.value.trim();
                          if (note !== (i.note ?? '')) annotate(i, note);
                        }}
                      />
                    ) : (
                      <span className="handover-item-note">{i.note}</span>
                    ),
                },
              ]}
            />
          </section>
        );
      })}
    </div>
  );
}
