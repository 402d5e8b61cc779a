/**
 * 请假与出差: the month's absences (leave, business trips, training) with the roster clashes each one
 * causes; leaders and admins add (whole Beijing days) and cancel them. After an absence is added the
 * panel says what it changed: the rostered shifts it now clashes with, and who acts for the person's
 * AB posts at that moment (duty:actingAt, by the rule table).
 */
import { App as AntApp, Alert, Button, DatePicker, Form, Input, Popconfirm, Select, Switch, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import { ABSENCE_KINDS, type Absence, type AbsenceKind, type ActingAt, type Clash, type RosterView } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { absenceSpan, knownPeople } from './roster-cells';

interface AddForm {
  personId: string;
  kind: AbsenceKind;
  dates: [Dayjs, Dayjs];
  note?: string;
}

interface Consequence {
  absence: Absence;
  clashes: Clash[];
  acting: ActingAt | null;
  postCount: number;
}

const monthEnd = (month: string): string => dayjs(`${month}-01`).endOf('month').format('YYYY-MM-DD');

export function AbsencesPanel({ month, view, onShowSheet }: { month: string; view: RosterView | null; onShowSheet(): void }) {
  const m = useMessages();
  const t = m.rosterAdmin.absences;
  const kinds = m.duty.board.absenceKinds;
  const desk = useDesk();
  const { now } = useServerClock();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AddForm>();
  const [rows, setRows] = useState<Absence[]>([]);
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<Consequence | null>(null);
  const [datesOpen, setDatesOpen] = useState(false);
  const canManage = desk.can('manageAbsences');
  const me = desk.session.person;

  const load = useFeedLoad(
    useCallback(() => api.absences.list({ from: `${month}-01`, to: monthEnd(month), includeCancelled }), [month, includeCancelled]),
    {
      apply: (res) => (res.ok ? setRows(res.data) : desk.report(res.error)),
      feed: { roster: (msg) => msg.parts.includes('absences') },
    },
  );

  const people = useMemo(() => knownPeople(desk.town?.posts ?? [], view, { id: me.id, name: me.name }), [desk.town, view, me.id, me.name]);

  /** Shifts that are over need no re-arranging: their clashes are history, not left to act on. */
  const ended = useMemo(() => new Set((view?.days ?? []).flatMap((d) => d.shifts.filter((s) => s.ended).map((s) => s.id))), [view]);

  /** The roster's on-leave clashes per person still to act on (the month view is re-read when absences change). */
  const clashesOf = useCallback(
    (a: Absence): Clash[] => {
      if (a.cancelledAt) return [];
      const from = Date.parse(a.startsAt);
      const to = Date.parse(a.endsAt);
      const starts = new Map((view?.days ?? []).flatMap((d) => d.shifts.map((s) => [s.id, s] as const)));
      return (view?.clashes ?? []).filter((c) => {
        if (c.kind !== 'on_leave' || c.personId !== a.personId || ended.has(c.shiftId)) return false;
        const s = starts.get(c.shiftId);
        return !!s && Date.parse(s.startsAt) < to && Date.parse(s.endsAt) > from;
      });
    },
    [view, ended],
  );

  // Each absence entered, and each cancellation, is one intent: a double click records it once.
  const intents = useIntentIds();
  const add = async (values: AddForm) => {
    const [from, to] = values.dates;
    setSaving(true);
    const request = {
      personId: values.personId,
      kind: values.kind,
      from: from.format('YYYY-MM-DD'),
      to: to.format('YYYY-MM-DD'),
      note: values.note?.trim() || undefined,
    };
    const res = await intents.send(`add:${JSON.stringify(request)}`, (commandId) => api.absences.add({ ...request, commandId }));
    if (!res.ok) {
      setSaving(false);
      desk.report(res.error);
      return;
    }
    const { absence } = res.data;
    const clashes = res.data.clashes.filter((c) => !ended.has(c.shiftId));
    // Who acts for the person's posts: now if the absence has begun, else when it begins.
    const posts = (desk.town?.posts ?? []).filter((p) => p.a?.id === absence.personId || p.b?.id === absence.personId);
    let acting: ActingAt | null = null;
    if (posts.length > 0) {
      const start = Date.parse(absence.startsAt);
      const end = Date.parse(absence.endsAt);
      const at = now >= start && now < end ? new Date(now).toISOString() : absence.startsAt;
      const ra = await api.duty.actingAt({ at, postIds: posts.map((p) => p.id) });
      if (ra.ok) acting = ra.data;
    }
    setSaving(false);
    setResult({ absence, clashes, acting, postCount: posts.length });
    const span = absenceSpan(absence);
    void message.success(fill(t.added, { name: absence.personName, from: span.from, to: span.to, kind: nameOf(kinds, absence.kind) }));
    form.resetFields(['personId', 'dates', 'note']);
    load();
  };

  const cancel = async (a: Absence) => {
    const res = await intents.send(`cancel:${a.id}`, (commandId) => api.absences.cancel({ absenceId: a.id, commandId }));
    if (!res.ok) return desk.report(res.error);
    if (result?.absence.id === a.id) setResult(null);
    void message.success(fill(t.cancelledMsg, { name: a.personName, kind: nameOf(kinds, a.kind) }));
    load();
  };

  return (
    <section className="roster-panel" data-testid="absences-panel">
      {canManage ? (
        <Form<AddForm> form={form} layout="inline" className="roster-inline-form" initialValues={{ kind: 'leave' }} onFinish={(v) => void add(v)} data-testid="absence-form">
          <Form.Item name="personId" rules={[{ required: true, message: t.choosePerson }]}>
            <Select
              style={{ width: 180 }}
              placeholder={t.choosePerson}
              showSearch={{ optionFilterProp: 'label' }}
              options={people.map((p) => ({ value: p.id, label: p.name }))}
              data-testid="absence-person"
            />
          </Form.Item>
          <Form.Item name="kind">
            <Select style={{ width: 110 }} options={ABSENCE_KINDS.map((k) => ({ value: k, label: nameOf(kinds, k) }))} data-testid="absence-kind" />
          </Form.Item>
          <Form.Item name="dates" rules={[{ required: true, message: t.chooseDates }]}>
            <DatePicker.RangePicker
              allowClear={false}
              placeholder={[t.from, t.to]}
              defaultPickerValue={[dayjs(`${month}-01`), dayjs(`${month}-01`)]}
              onOpenChange={setDatesOpen}
              // Enter while the calendar is open picks the date; only Enter on the closed picker submits.
              onKeyDown={(e) => {
                if (e.key === 'Enter' && datesOpen) e.preventDefault();
              }}
              data-testid="absence-dates"
            />
          </Form.Item>
          <Form.Item name="note">
            <Input style={{ width: 220 }} placeholder={t.notePlaceholder} maxLength={500} data-testid="absence-note" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="absence-add">
              {t.add}
            </Button>
          </Form.Item>
        </Form>
      ) : (
        <div className="muted">{t.readOnly}</div>
      )}

      {result && (
        <Alert
          type={result.clashes.length > 0 || result.acting?.posts.some((p) => p.alarmLeader) ? 'warning' : 'info'}
          showIcon
          closable={{ onClose: () => setResult(null) }}
          title={`${t.consequences}：${result.absence.personName} · ${nameOf(kinds, result.absence.kind)} · ${absenceSpan(result.absence).from} – ${absenceSpan(result.absence).to}`}
          data-testid="absence-consequences"
          description={
            <div className="absence-consequences">
              {result.clashes.length > 0 ? (
                <>
                  <div>{fill(t.clashList, { name: result.absence.personName, count: result.clashes.length })}</div>
                  <ul data-testid="absence-clash-list">
                    {result.clashes.map((c, i) => (
                      <li key={i}>
                        <Tag color="red">{nameOf(m.duty.roster.clashKinds, c.kind)}</Tag>
                        {c.date} {c.shiftName} {c.roleLabel ?? ''}
                      </li>
                    ))}
                  </ul>
                  <Button size="small" onClick={onShowSheet} data-testid="absence-go-sheet">
                    {t.goToSheet}
                  </Button>
                </>
              ) : (
                <div>{fill(t.noClashList, { name: result.absence.personName })}</div>
              )}
              {result.acting ? (
                <>
                  <div className="absence-acting-head">{fill(t.acting, { name: result.absence.personName, at: formatDateTime(result.acting.at) })}</div>
                  <ul data-testid="absence-acting">
                    {result.acting.posts.map((p) => (
                      <li key={p.postId}>
                        {fill(t.actingRow, {
                          post: p.postName,
                          holder: p.acting.name ?? t.nobody,
                          as: p.acting.as ? nameOf(m.duty.board.asNames, p.acting.as) : '—',
                          rule: nameOf(m.duty.board.rules, p.rule),
                        })}
                        {p.alarmLeader && (
                          <Tag color="red" style={{ marginLeft: 6 }}>
                            {m.duty.board.alarm}
                          </Tag>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                result.postCount === 0 && <div>{fill(t.noPosts, { name: result.absence.personName })}</div>
              )}
            </div>
          }
        />
      )}

      <div className="roster-panel-bar">
        <h3>{t.title}</h3>
        <span>
          <Switch size="small" checked={includeCancelled} onChange={setIncludeCancelled} data-testid="absence-include-cancelled" /> {t.includeCancelled}
        </span>
      </div>
      <Table<Absence>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t.empty }}
        data-testid="absence-table"
        onRow={(a) => ({ 'data-testid': 'absence-row', 'data-absence-id': a.id }) as HTMLAttributes<HTMLElement>}
        rowClassName={(a) => (a.cancelledAt ? 'absence-cancelled' : '')}
        columns={[
          { title: t.person, dataIndex: 'personName', width: 110 },
          { title: t.kind, dataIndex: 'kind', width: 80, render: (k: string) => <Tag color="orange">{nameOf(kinds, k)}</Tag> },
          { title: t.from, width: 150, render: (_: unknown, a) => <span className="num">{absenceSpan(a).from}</span> },
          { title: t.to, width: 150, render: (_: unknown, a) => <span className="num">{absenceSpan(a).to}</span> },
          { title: t.note, dataIndex: 'note', render: (n: string | null) => n ?? '' },
          {
            title: t.clashes,
            render: (_: unknown, a) => {
              const clashes = clashesOf(a);
              if (clashes.length === 0) return <span className="muted">{t.noClashes}</span>;
              return clashes.map((c, i) => (
                <Tag key={i} color="red" data-testid="absence-row-clash">
                  {c.date.slice(5)} {c.shiftName} {c.roleLabel ?? ''}
                </Tag>
              ));
            },
          },
          {
            title: t.status,
            width: 150,
            render: (_: unknown, a) =>
              a.cancelledAt ? (
                <Tag>{t.cancelled}</Tag>
              ) : canManage ? (
                <Popconfirm title={fill(t.cancelConfirm, { name: a.personName, kind: nameOf(kinds, a.kind) })} onConfirm={() => void cancel(a)}>
                  <Button size="small" danger data-testid="absence-cancel">
                    {t.cancel}
                  </Button>
                </Popconfirm>
              ) : (
                <Tag color="green">{t.active}</Tag>
              ),
          },
        ]}
      />
    </section>
  );
}
