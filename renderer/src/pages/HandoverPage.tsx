/**
 * 交接班: the current shift's handover — generate / refresh, confirm or annotate every item, then two
 * signatures (outgoing and incoming, each re-entering username and password) → signed and
 * read-only; the PDF downloads at any time.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Empty, Input, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { Handover, HandoverCurrent, HandoverItem } from '../../../preload/contract';
import { api } from '../api';
import { downloadFile } from '../components/roster/files';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';

export function HandoverPage() {
  const m = useMessages();
  const h = m.duty.handover;
  const desk = useDesk();
  const [current, setCurrent] = useState<HandoverCurrent | null>(null);
  const [handover, setHandover] = useState<Handover | null>(null);
  const [busy, setBusy] = useState(false);
  const canAct = desk.session.person.roles.some((r) => r === 'officer' || r === 'leader');
  // Each change is one intent, named by what it does: a double click sends it once.
  const intents = useIntentIds();

  useFeedLoad(
    useCallback(() => api.handover.current({}), []),
    {
      apply: (res) => {
        if (!res.ok) return desk.report(res.error);
        setCurrent(res.data);
        setHandover(res.data.handover);
      },
      feed: { roster: (msg) => msg.parts.includes('handover') || msg.parts.includes('roster'), clock: true },
    },
  );

  const run = async (key: string, call: (commandId: string) => Promise<{ ok: true; data: Handover } | { ok: false; error: Parameters<typeof desk.report>[0] }>) => {
    setBusy(true);
    const res = await intents.send(key, call);
    setBusy(false);
    if (res.ok) setHandover(res.data);
    else desk.report(res.error);
  };

  const generate = () => run(`generate:${current?.shift?.id ?? ''}`, (commandId) => api.handover.generate({ shiftId: current?.shift?.id, commandId }));
  const pdf = async () => {
    if (!handover) return;
    const res = await api.handover.pdf({ handoverId: handover.id });
    if (res.ok) downloadFile(res.data);
    else desk.report(res.error);
  };

  if (!current) return <div className="page-pad" data-testid="handover-page" />;
  const editable = canAct && handover?.status === 'draft';
  return (
    <div className="page-pad duty-page" data-testid="handover-page">
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <h2 className="page-title" style={{ margin: 0 }}>
          {h.title}
        </h2>
        {current.shift && (
          <span>
            {h.shift}：{current.shift.date} {current.shift.name}（{formatShort(current.shift.startsAt)}–{formatShort(current.shift.endsAt)}）
          </span>
        )}
        {handover?.nextShift && (
          <span>
            {h.next}：{handover.nextShift.date} {handover.nextShift.name}
          </span>
        )}
        {handover && (
          <Tag color={handover.status === 'signed' ? 'green' : handover.status === 'signing' ? 'gold' : 'default'} data-testid="handover-status">
            {nameOf(h.status, handover.status)}
          </Tag>
        )}
        <div style={{ flex: 1 }} />
        {canAct && current.shift && (!handover || handover.status === 'draft') && (
          <Button loading={busy} onClick={() => void generate()} data-testid="handover-generate">
            {handover ? h.refresh : h.generate}
          </Button>
        )}
        {handover && (
          <Button icon={<DownloadOutlined />} onClick={() => void pdf()} data-testid="handover-pdf">
            {h.pdf}
          </Button>
        )}
      </div>
      {current.previous && <div className="muted">{fill(h.previous, { status: nameOf(h.status, current.previous.status) })}</div>}
      {!current.shift && <Empty description={h.noShift} />}
      {current.shift && !handover && <Empty description={h.none} />}
      {handover && (
        <>
          <div>{fill(h.stats, handover.stats)}</div>
          {handover.status === 'signed' && handover.signedAt && (
            <Alert
              type="success"
              showIcon
              data-testid="handover-signed"
              title={fill(h.signedAll, { at: formatDateTime(handover.signedAt) })}
              description={`${h.hash}：${handover.contentHash ?? ''}`}
            />
          )}
          <div style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
            <span data-testid="handover-pending">{handover.pendingItems > 0 ? fill(h.pending, { count: handover.pendingItems }) : h.allDone}</span>
            {editable && handover.pendingItems > 0 && (
              <Button
                size="small"
                loading={busy}
                data-testid="handover-confirm-all"
                onClick={() => {
                  const ids = handover.items.filter((i) => !i.confirmed && !i.note).map((i) => i.id);
                  if (ids.length)
                    void run(`confirm:${ids.join(',')}:true`, (commandId) => api.handover.confirm({ handoverId: handover.id, itemIds: ids, confirmed: true, commandId }));
                }}
              >
                {h.confirmAll}
              </Button>
            )}
          </div>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            data-testid="handover-items"
            dataSource={handover.items}
            columns={[
              { title: h.itemKind, width: 110, render: (_: unknown, i: HandoverItem) => <Tag color={i.kind === 'overdue_event' ? 'red' : 'blue'}>{nameOf(h.kinds, i.kind)}</Tag> },
              { title: h.itemTitle, dataIndex: 'title' },
              {
                title: h.confirmed,
                width: 90,
                render: (_: unknown, i: HandoverItem) => (
                  <Checkbox
                    checked={i.confirmed}
                    disabled={!editable || busy}
                    data-testid="handover-item-confirm"
                    onChange={(e) =>
                      void run(`confirm:${i.id}:${e.target.checked}`, (commandId) =>
                        api.handover.confirm({ handoverId: handover.id, itemIds: [i.id], confirmed: e.target.checked, commandId }),
                      )
                    }
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
                      data-testid="handover-item-note"
                      onBlur={(e) => {
                        const note = e.target.value.trim();
                        if (note !== (i.note ?? ''))
                          void run(`note:${i.id}:${note}`, (commandId) => api.handover.annotate({ handoverId: handover.id, itemId: i.id, note, commandId }));
                      }}
                    />
                  ) : (
                    <span className="handover-item-note">{i.note}</span>
                  ),
              },
            ]}
          />
          {editable && <AddItem onAdd={(text) => run(`add:${text}`, (commandId) => api.handover.addItem({ handoverId: handover.id, text, commandId }))} />}
          <div className="handover-sign">
            <SignBox handover={handover} side="outgoing" onSigned={setHandover} />
            <SignBox handover={handover} side="incoming" onSigned={setHandover} />
          </div>
        </>
      )}
    </div>
  );
}

function AddItem({ onAdd }: { onAdd(text: string): Promise<void> }) {
  const h = useMessages().duty.handover;
  const [text, setText] = useState('');
  return (
    <Input.Search
      value={text}
      onChange={(e) => setText(e.target.value)}
      enterButton={h.addItem}
      placeholder={h.notePlaceholder}
      data-testid="handover-add-item"
      onSearch={(v) => {
        if (v.trim()) void onAdd(v.trim()).then(() => setText(''));
      }}
    />
  );
}

function SignBox({ handover, side, onSigned }: { handover: Handover; side: 'outgoing' | 'incoming'; onSigned(h: Handover): void }) {
  const m = useMessages();
  const h = m.duty.handover;
  const desk = useDesk();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  // One signature attempt per click while it is on its way; a wrong password and a new try are two
  // attempts (each failed one is audited).
  const intents = useIntentIds();
  const signature = handover[side];
  const sign = async () => {
    setBusy(true);
    const res = await intents.send('sign', (commandId) => api.handover.sign({ handoverId: handover.id, side, username: username.trim(), password, commandId }));
    setBusy(false);
    setPassword('');
    if (res.ok) onSigned(res.data.handover);
    else desk.report(res.error);
  };
  return (
    <Card size="small" title={side === 'outgoing' ? h.outgoing : h.incoming} data-testid={`sign-${side}`}>
      {signature ? (
        <div data-testid={`signed-${side}`}>{fill(h.signedBy, { name: signature.name, at: formatDateTime(signature.signedAt) })}</div>
      ) : (
        <div style={{ display: 'flex', gap: 8 }}>
          <Input placeholder={h.username} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" data-testid={`sign-${side}-username`} />
          <Input.Password
            placeholder={h.password}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="new-password"
            data-testid={`sign-${side}-password`}
          />
          <Button
            type="primary"
            loading={busy}
            disabled={!username.trim() || !password || handover.pendingItems > 0}
            onClick={() => void sign()}
            data-testid={`sign-${side}-submit`}
          >
            {h.sign}
          </Button>
        </div>
      )}
    </Card>
  );
}
