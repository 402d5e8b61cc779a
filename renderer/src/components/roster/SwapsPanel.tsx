/**
 * 调班: swaps between two people, approved by the duty leader. Anyone asks (an officer for their own
 * shifts, a leader or admin for anyone's); the month's requests are listed with their state; the
 * leader approves (the two cells exchange people; the server re-checks clashes) or refuses, with a note.
 */
import { App as AntApp, Button, Empty, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useMemo, useState, type HTMLAttributes } from 'react';
import type { RosterView, Swap } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatShort } from '../../lib/beijing-time';
import { useCommandId, useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { rosterCells, type RosterCell } from './roster-cells';

interface RequestForm {
  a: string;
  b: string;
  reason: string;
}

type Side = Swap['a'];

const STATUS_COLOR: Record<Swap['status'], string> = { pending: 'gold', approved: 'green', refused: 'default' };

export function SwapsPanel({ month, view }: { month: string; view: RosterView | null }) {
  const m = useMessages();
  const t = m.rosterAdmin.swaps;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [swaps, setSwaps] = useState<Swap[]>([]);
  const [pendingOnly, setPendingOnly] = useState(false);
  const [requesting, setRequesting] = useState(false);
  const [deciding, setDeciding] = useState<Swap | null>(null);
  const canDecide = desk.can('decideSwap');
  const canRequest = desk.can('read');

  const load = useFeedLoad(
    useCallback(() => api.roster.swaps({ month, pendingOnly }), [month, pendingOnly]),
    {
      apply: (res) => (res.ok ? setSwaps(res.data) : desk.report(res.error)),
      feed: { roster: (msg) => msg.parts.includes('swaps') || msg.parts.includes('roster') },
    },
  );

  const sideText = (s: Side) => fill(t.cell, { date: s.date.slice(5), shift: s.shiftName, role: s.roleLabel, name: s.personName ?? m.duty.roster.empty });

  return (
    <section className="roster-panel" data-testid="swaps-panel">
      <div className="roster-panel-bar">
        <h3>{t.title}</h3>
        {canRequest && (
          <Button type="primary" disabled={!view} onClick={() => setRequesting(true)} data-testid="swap-request">
            {t.request}
          </Button>
        )}
        <span>
          <Switch size="small" checked={pendingOnly} onChange={setPendingOnly} data-testid="swap-pending-only" /> {t.pendingOnly}
        </span>
      </div>
      {!view && <div className="muted">{fill(t.noRoster, { month })}</div>}
      <Table<Swap>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={swaps}
        locale={{ emptyText: t.empty }}
        data-testid="swap-table"
        onRow={(s) => ({ 'data-testid': 'swap-row', 'data-swap-id': s.id, 'data-status': s.status }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: t.requestedAt, dataIndex: 'requestedAt', width: 110, render: (at: string) => <span className="num">{formatShort(at)}</span> },
          { title: t.requestedBy, dataIndex: 'requestedByName', width: 90 },
          { title: t.sideA, render: (_: unknown, s) => sideText(s.a) },
          { title: t.sideB, render: (_: unknown, s) => sideText(s.b) },
          { title: t.reason, dataIndex: 'reason' },
          {
            title: t.status,
            width: 200,
            render: (_: unknown, s) => (
              <span>
                <Tag color={STATUS_COLOR[s.status]} data-testid="swap-status">
                  {nameOf(t.statuses, s.status)}
                </Tag>
                {s.decidedByName && s.decidedAt && <span className="muted">{fill(t.decidedBy, { name: s.decidedByName, at: formatShort(s.decidedAt) })}</span>}
                {s.note && <div className="muted">{s.note}</div>}
              </span>
            ),
          },
          ...(canDecide
            ? [
                {
                  title: t.decide,
                  width: 90,
                  render: (_: unknown, s: Swap) =>
                    s.status === 'pending' && (
                      <Button size="small" type="primary" onClick={() => setDeciding(s)} data-testid="swap-decide">
                        {t.decide}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {requesting && view && (
        <RequestSwapModal
          view={view}
          onClose={() => setRequesting(false)}
          onDone={() => {
            setRequesting(false);
            void message.success(t.requested);
            load();
          }}
        />
      )}
      {deciding && (
        <DecideSwapModal
          swap={deciding}
          sideText={sideText}
          onClose={() => setDeciding(null)}
          onDone={(s) => {
            setDeciding(null);
            void message.success(s.status === 'approved' ? fill(t.approved, { a: sideText(deciding.a), b: sideText(deciding.b) }) : t.refusedMsg);
            load();
          }}
        />
      )}
    </section>
  );
}

function RequestSwapModal({ view, onClose, onDone }: { view: RosterView; onClose(): void; onDone(): void }) {
  const m = useMessages();
  const t = m.rosterAdmin.swaps;
  const desk = useDesk();
  const [form] = Form.useForm<RequestForm>();
  const [saving, setSaving] = useState(false);
  const manager = desk.can('editRoster');
  const me = desk.session.person.id;
  const picked = Form.useWatch('a', form);

  const cells = useMemo(() => rosterCells(view).filter((c) => !c.started && c.personId), [view]);
  const byKey = useMemo(() => new Map(cells.map((c) => [c.key, c])), [cells]);
  const label = (c: RosterCell) =>
    `${c.date.slice(5)} ${m.duty.weekdays[c.weekday]} ${c.shiftName} · ${c.roleLabel}${c.several ? `(${fill(m.duty.roster.slot, { n: c.slot + 1 })})` : ''}：${c.name}`;
  const mine = cells.filter((c) => manager || c.personId === me);
  const a = picked ? byKey.get(picked) : undefined;
  const others = cells.filter((c) => c.personId !== a?.personId);

  // The dialog is one request: a double Enter asks once.
  const commandId = useCommandId();
  const submit = async (v: RequestForm) => {
    const x = byKey.get(v.a);
    const y = byKey.get(v.b);
    if (!x || !y) return;
    setSaving(true);
    const res = await api.roster.requestSwap({
      shiftId: x.shiftId,
      roleKey: x.roleKey,
      slot: x.slot,
      withShiftId: y.shiftId,
      withRoleKey: y.roleKey,
      withSlot: y.slot,
      reason: v.reason.trim(),
      commandId,
    });
    setSaving(false);
    if (res.ok) onDone();
    else desk.report(res.error);
  };

  return (
    <Modal open title={t.requestTitle} onCancel={onClose} footer={null} width={640} destroyOnHidden>
      {mine.length === 0 ? (
        <Empty description={t.noOwnCells} />
      ) : (
        <Form<RequestForm> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="swap-form">
          <Form.Item name="a" label={manager ? t.mineManager : t.mine} rules={[{ required: true, message: manager ? t.mineManager : t.mine }]}>
            <Select
              autoFocus
              showSearch={{ optionFilterProp: 'label' }}
              options={mine.map((c) => ({ value: c.key, label: label(c) }))}
              onChange={() => form.setFieldValue('b', undefined)}
              data-testid="swap-a"
            />
          </Form.Item>
          <Form.Item name="b" label={t.with} rules={[{ required: true, message: t.with }]}>
            <Select disabled={!a} showSearch={{ optionFilterProp: 'label' }} options={others.map((c) => ({ value: c.key, label: label(c) }))} data-testid="swap-b" />
          </Form.Item>
          <Form.Item name="reason" label={t.reason} rules={[{ required: true, whitespace: true, message: t.reason }]}>
            <Input maxLength={1000} placeholder={t.reasonPlaceholder} data-testid="swap-reason" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="swap-submit">
              {t.submit}
            </Button>
            <Button onClick={onClose}>{m.actionDialog.cancel}</Button>
          </Space>
        </Form>
      )}
    </Modal>
  );
}

function DecideSwapModal({ swap, sideText, onClose, onDone }: { swap: Swap; sideText(s: Side): string; onClose(): void; onDone(s: Swap): void }) {
  const m = useMessages();
  const t = m.rosterAdmin.swaps;
  const desk = useDesk();
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);

  // Approving and refusing are the two intents of the dialog: a double click decides once.
  const intents = useIntentIds();
  const decide = async (approve: boolean) => {
    setSaving(true);
    const res = await api.roster.decideSwap({ swapId: swap.id, approve, note: note.trim() || undefined, commandId: intents.of(approve ? 'approve' : 'refuse') });
    setSaving(false);
    if (res.ok) onDone(res.data);
    else desk.report(res.error);
  };
  const after = (s: Side, other: Side) => `${s.date.slice(5)} ${s.shiftName} ${s.roleLabel} → ${other.personName ?? m.duty.roster.empty}`;

  return (
    <Modal open title={t.decideTitle} onCancel={onClose} footer={null} width={600} destroyOnHidden>
      <div data-testid="swap-decide-dialog" className="swap-decide">
        <p>{fill(t.swapLine, { a: sideText(swap.a), b: sideText(swap.b) })}</p>
        <p>
          {t.reason}：{swap.reason}（{swap.requestedByName}）
        </p>
        <p>
          {t.after}
          {after(swap.a, swap.b)}；{after(swap.b, swap.a)}
        </p>
        <Input
          placeholder={`${t.note}（${t.notePlaceholder}）`}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
          onPressEnter={() => void decide(true)}
          data-testid="swap-note"
        />
        <Space style={{ marginTop: 12 }}>
          <Button type="primary" loading={saving} onClick={() => void decide(true)} data-testid="swap-approve">
            {t.approve}
          </Button>
          <Button danger loading={saving} onClick={() => void decide(false)} data-testid="swap-refuse">
            {t.refuse}
          </Button>
          <Button onClick={onClose}>{m.actionDialog.cancel}</Button>
        </Space>
      </div>
    </Modal>
  );
}
