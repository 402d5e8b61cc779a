/** Editing one roster cell: pick the slot, then a person from roster:candidates (blocked ones say why). */
import { Button, Modal, Segmented, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import type { Candidate, RoleView, RosterView, ShiftView } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';

export interface CellRef {
  shift: ShiftView;
  role: RoleView;
  date: string;
}

export function CellEditor({ cell, onClose, onSaved }: { cell: CellRef; onClose(): void; onSaved(view: RosterView): void }) {
  const m = useMessages();
  const r = m.duty.roster;
  const desk = useDesk();
  const [slot, setSlot] = useState(0);
  const [candidates, setCandidates] = useState<Candidate[] | null>(null);
  const [saving, setSaving] = useState(false);
  // Putting one person (or nobody) in one slot is one intent: a double click assigns once.
  const intents = useIntentIds();

  useEffect(() => {
    let live = true;
    void api.roster.candidates({ shiftId: cell.shift.id, roleKey: cell.role.key }).then((res) => {
      if (!live) return;
      if (res.ok) setCandidates(res.data);
      else desk.report(res.error);
    });
    return () => {
      live = false;
    };
  }, [cell, desk]);

  const assign = async (personId: string | null) => {
    setSaving(true);
    const res = await intents.send(`${slot}:${personId ?? ''}`, (commandId) => api.roster.assign({ shiftId: cell.shift.id, roleKey: cell.role.key, slot, personId, commandId }));
    setSaving(false);
    if (res.ok) onSaved(res.data);
    else desk.report(res.error);
  };

  const current = cell.role.slots[slot];
  return (
    <Modal open title={fill(r.editTitle, { date: cell.date, shift: cell.shift.name, role: cell.role.label })} onCancel={onClose} footer={null} width={620}>
      <div data-testid="cell-editor">
        {cell.role.slots.length > 1 && (
          <Segmented
            value={slot}
            onChange={(v) => setSlot(Number(v))}
            options={cell.role.slots.map((s) => ({ value: s.slot, label: `${fill(r.slot, { n: s.slot + 1 })}：${s.name ?? r.empty}` }))}
          />
        )}
        <div className="cell-editor-current">
          {r.current}：{current?.name ?? r.empty}
          {current?.personId && (
            <Button size="small" danger type="link" disabled={saving} onClick={() => void assign(null)} data-testid="cell-clear">
              {r.clear}
            </Button>
          )}
        </div>
        {!candidates ? (
          <Spin />
        ) : (
          <ul className="candidate-list">
            {candidates.map((c) => {
              const isCurrent = c.personId === current?.personId;
              return (
                <li key={c.personId} className={c.blocked ? 'blocked' : ''}>
                  <Button
                    size="small"
                    type={isCurrent ? 'primary' : 'default'}
                    disabled={saving || c.blocked !== null || c.assigned}
                    onClick={() => void assign(c.personId)}
                    data-testid="candidate"
                    data-person-id={c.personId}
                  >
                    {c.name}
                  </Button>
                  <span className="muted num">{c.phone}</span>
                  {c.assigned && !isCurrent && <Tag color="purple">{r.inCell}</Tag>}
                  <Tag color={c.inPool ? 'blue' : 'default'}>{c.inPool ? r.inPool : r.outOfPool}</Tag>
                  {c.blocked && <Tag color="red">{nameOf(r.blocked, c.blocked)}</Tag>}
                  {c.warnings.map((w) => (
                    <Tag key={w} color="orange">
                      {nameOf(r.warnings, w)}
                    </Tag>
                  ))}
                  <span className="muted">{fill(r.counts, c.counts)}</span>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </Modal>
  );
}
