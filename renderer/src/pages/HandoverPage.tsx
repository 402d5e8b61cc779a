/**
 * 交接班, two sections. 本班交接: the current shift's handover — generate / refresh, confirm items one
 * by one or a group at a time (确认本组（N 项）; nothing confirms every group at once) or annotate
 * them, then two signatures (outgoing and incoming, each re-entering username and password) →
 * signed and read-only; each 签字 button says beside it why it cannot be pressed yet; the PDF
 * downloads at any time. 历史交接: the signed handovers, each with its PDF.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Input, Segmented, Tag } from 'antd';
import { useCallback, useId, useState } from 'react';
import type { Handover, HandoverCurrent } from '../../../preload/contract';
import { api } from '../api';
import { HandoverChecklist } from '../components/handover/HandoverChecklist';
import { HandoverHistory } from '../components/handover/HandoverHistory';
import { signReasons } from '../components/handover/handover-groups';
import '../components/handover/handover.css';
import { downloadFile } from '../components/roster/files';
import '../components/roster/roster.css';
import { useDesk } from '../context/Desk';
import { useFeedLoad } from '../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../lib/beijing-time';
import { useIntentIds } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';

type Section = 'current' | 'history';

export function HandoverPage() {
  const h = useMessages().duty.handover;
  const [section, setSection] = useState<Section>('current');
  return (
    <div className="page-pad duty-page" data-testid="handover-page">
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <h2 className="page-title" style={{ margin: 0 }}>
          {h.title}
        </h2>
        <Segmented<Section>
          value={section}
          onChange={setSection}
          aria-label={h.title}
          data-testid="handover-sections"
          options={[
            { value: 'current', label: <span data-testid="handover-section-current">{h.sections.current}</span> },
            { value: 'history', label: <span data-testid="handover-section-history">{h.sections.history}</span> },
          ]}
        />
      </div>
      {section === 'current' ? <CurrentHandover /> : <HandoverHistory />}
    </div>
  );
}

function CurrentHandover() {
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

  if (!current) return null;
  const editable = canAct && handover?.status === 'draft';
  return (
    <>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
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
          <div>{fill(h.stats, { ...handover.stats, held: handover.stats.held ?? 0 })}</div>
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
          </div>
          <HandoverChecklist
            handover={handover}
            editable={editable}
            busy={busy}
            confirm={(ids, confirmed) =>
              void run(`confirm:${ids.join(',')}:${confirmed}`, (commandId) => api.handover.confirm({ handoverId: handover.id, itemIds: [...ids], confirmed, commandId }))
            }
            annotate={(i, note) => void run(`note:${i.id}:${note}`, (commandId) => api.handover.annotate({ handoverId: handover.id, itemId: i.id, note, commandId }))}
          />
          {editable && <AddItem onAdd={(text) => run(`add:${text}`, (commandId) => api.handover.addItem({ handoverId: handover.id, text, commandId }))} />}
          <div className="handover-sign">
            <SignBox handover={handover} side="outgoing" onSigned={setHandover} />
            <SignBox handover={handover} side="incoming" onSigned={setHandover} />
          </div>
        </>
      )}
    </>
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
  const reasonId = useId();
  const reasons = signReasons(h, handover, side, !!username.trim() && !!password);
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
        <>
          <div style={{ display: 'flex', gap: 8 }}>
            <Input
              placeholder={h.username}
              aria-label={`${side === 'outgoing' ? h.outgoing : h.incoming}：${h.username}`}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="off"
              data-testid={`sign-${side}-username`}
            />
            <Input.Password
              placeholder={h.password}
              aria-label={`${side === 'outgoing' ? h.outgoing : h.incoming}：${h.password}`}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="new-password"
              data-testid={`sign-${side}-password`}
            />
            <Button
              type="primary"
              loading={busy}
              disabled={reasons.length > 0}
              title={reasons.join('；') || undefined}
              aria-describedby={reasons.length > 0 ? reasonId : undefined}
              onClick={() => void sign()}
              data-testid={`sign-${side}-submit`}
            >
              {h.sign}
            </Button>
          </div>
          {reasons.length > 0 && (
            <div id={reasonId} className="handover-sign-reason" role="status" data-testid={`sign-${side}-reason`}>
              {reasons.map((r) => (
                <div key={r}>{r}</div>
              ))}
            </div>
          )}
        </>
      )}
    </Card>
  );
}
