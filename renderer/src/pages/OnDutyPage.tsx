/** 在岗: who is on duty now and next (with phones), who is absent, and the acting holder of each post. */
import { Card, Empty, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { ActingAt, DutyBoard, ShiftDuty } from '../../../preload/contract';
import { api } from '../api';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatShort } from '../lib/beijing-time';
import { fill, nameOf, useMessages } from '../locales';

export function OnDutyPage() {
  const m = useMessages();
  const b = m.duty.board;
  const desk = useDesk();
  const [board, setBoard] = useState<DutyBoard | null>(null);
  const [acting, setActing] = useState<ActingAt | null>(null);

  useFeedLoad(
    useCallback(() => Promise.all([api.duty.board({}), api.duty.actingAt({})]), []),
    {
      apply: ([rb, ra]) => {
        if (rb.ok) setBoard(rb.data);
        else desk.report(rb.error);
        if (ra.ok) setActing(ra.data);
      },
      feed: { roster: true, town: true, clock: true },
    },
  );

  return (
    // A scrolling page with nothing to focus: the page itself takes the focus, so the keyboard scrolls it.
    <div className="page-pad duty-page" tabIndex={0} role="region" aria-label={b.title} data-testid="on-duty-page">
      <h2 className="page-title">{b.title}</h2>
      {board && (
        <div className="muted" data-testid="duty-handover">
          {m.duty.handover.title}：{board.previousHandover ? fill(m.duty.handover.previous, { status: nameOf(m.duty.handover.status, board.previousHandover.status) }) : '—'}
          {board.handover && ` · ${m.duty.handover.shift}：${nameOf(m.duty.handover.status, board.handover.status)}`}
        </div>
      )}
      <div className="duty-grid">
        <ShiftCard title={b.current} shift={board?.current ?? null} testId="duty-current" />
        <ShiftCard title={b.next} shift={board?.next ?? null} testId="duty-next" />
      </div>
      {board && board.absentNow.length > 0 && (
        <Card size="small" title={b.absentNow}>
          {board.absentNow.map((a) => (
            <Tag key={a.personId} color="orange">
              {a.name} · {nameOf(b.absenceKinds, a.kind)} · {fill(b.until, { at: formatShort(a.until) })}
            </Tag>
          ))}
        </Card>
      )}
      <Card size="small" title={b.acting}>
        <Table
          size="small"
          pagination={false}
          rowKey="postId"
          data-testid="acting-table"
          dataSource={acting?.posts ?? []}
          columns={[
            { title: b.post, dataIndex: 'postName' },
            {
              title: b.holder,
              render: (_: unknown, p: ActingAt['posts'][number]) =>
                p.acting.name ? (
                  <span>
                    {p.acting.name} <span className="muted num">{p.acting.phone}</span>
                  </span>
                ) : (
                  <Tag color="red">{b.emptyRole}</Tag>
                ),
            },
            { title: b.as, render: (_: unknown, p: ActingAt['posts'][number]) => (p.acting.as ? nameOf(b.asNames, p.acting.as) : '') },
            {
              title: b.rule,
              render: (_: unknown, p: ActingAt['posts'][number]) => (
                <span>
                  {nameOf(b.rules, p.rule)}
                  {p.alarmLeader && (
                    <Tag color="red" style={{ marginLeft: 6 }}>
                      {b.alarm}
                    </Tag>
                  )}
                </span>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}

function ShiftCard({ title, shift, testId }: { title: string; shift: ShiftDuty | null; testId: string }) {
  const m = useMessages();
  const b = m.duty.board;
  return (
    <Card size="small" title={shift ? `${title}：${shift.date} ${shift.name}（${formatShort(shift.startsAt)}–${formatShort(shift.endsAt)}）` : title} data-testid={testId}>
      {!shift ? (
        <Empty description={b.noShift} />
      ) : (
        shift.roles.map((role) => (
          <div key={role.key} className="duty-role">
            <span className="duty-role-label">{role.label}</span>
            <span>
              {role.empty && <Tag color="red">{b.emptyRole}</Tag>}
              {role.people.map((p) => (
                <span key={p.personId} style={{ marginRight: 12 }} data-testid="duty-person">
                  {p.name} <span className="muted num">{p.phone}</span>
                  {p.absent && <Tag color="orange">{b.absent}</Tag>}
                </span>
              ))}
            </span>
          </div>
        ))
      )}
    </Card>
  );
}
