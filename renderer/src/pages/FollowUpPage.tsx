/**
 * 回访 (follow-up calls, issue #16): the closed events to call back — every serious and especially
 * serious one, and a share of the rest chosen by the event id (the core's list, the same on every
 * console) — closed in the chosen dates and not yet followed up. The officer records the call's
 * result by keyboard (1–4: 满意, 基本满意, 不满意, 未接通; a note; Ctrl+Enter saves); 不满意 then asks
 * whether to reopen the event, with a reason (back to 待受理 and into the queue, its limits from the
 * reopen). 未接通 keeps the event on the list to call again.
 */
import { Alert, Button, DatePicker, Empty, Input, InputNumber, Modal, Radio, Table, Tag, message } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FollowUpCandidate, FollowUpResult } from '../../../preload/contract';
import { api } from '../api';
import { eventLevelColumn, eventTitleColumn } from '../components/event-columns';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { useFeedLoad } from '../hooks/use-feed-load';
import { beijingDate, formatDateTime } from '../lib/beijing-time';
import { useCommandId } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';

const RESULTS: readonly FollowUpResult[] = ['satisfied', 'basically_satisfied', 'unsatisfied', 'unreachable'];

export function FollowUpPage({ onOpenEvent }: { onOpenEvent(eventId: string): void }) {
  const m = useMessages();
  const f = m.followUp;
  const desk = useDesk();
  const { now } = useServerClock();
  const [closedTo, setClosedTo] = useState(() => beijingDate(now));
  const [closedFrom, setClosedFrom] = useState(() => beijingDate(now - 6 * 86_400_000));
  const [share, setShare] = useState<number | null>(null);
  const [savedShare, setSavedShare] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.events.followUpShare({}).then((r) => {
      if (!live) return;
      if (r.ok) {
        setSavedShare(r.data.sharePercent);
        setShare((s) => s ?? r.data.sharePercent);
      } else desk.report(r.error);
    });
    return () => {
      live = false;
    };
  }, [desk]);
  const [rows, setRows] = useState<FollowUpCandidate[] | null>(null);
  const [recording, setRecording] = useState<FollowUpCandidate | null>(null);
  const [reopening, setReopening] = useState<{ event: FollowUpCandidate; note: string } | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(closedFrom) && /^\d{4}-\d{2}-\d{2}$/.test(closedTo) && closedFrom <= closedTo;
  useFeedLoad(
    useCallback(
      () => (valid && share !== null ? api.events.followUps({ closedFrom, closedTo, sharePercent: share }) : Promise.resolve({ ok: true as const, data: [] })),
      [valid, closedFrom, closedTo, share],
    ),
    {
      apply: (r) => (r.ok ? setRows(r.data) : desk.report(r.error)),
      feed: { events: true, clock: true },
    },
  );
  const canRecord = desk.can('followUp');
  return (
    <div className="page-pad" data-testid="follow-up-page">
      <h2 className="page-title">{f.title}</h2>
      <p className="muted">{f.intro}</p>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap', marginBottom: 12 }}>
        <DatePicker.RangePicker
          value={[dayjs(closedFrom), dayjs(closedTo)]}
          onChange={(v) => {
            const [from, to] = (v ?? []) as [Dayjs | null, Dayjs | null];
            if (from && to) {
              setClosedFrom(from.format('YYYY-MM-DD'));
              setClosedTo(to.format('YYYY-MM-DD'));
            }
          }}
          allowClear={false}
          placeholder={[f.from, f.to]}
          aria-label={`${f.from}—${f.to}`}
          data-testid="follow-up-range"
        />
        <label>
          {f.share}{' '}
          <InputNumber
            min={0}
            max={100}
            step={5}
            value={share}
            onChange={(v) => setShare(typeof v === 'number' ? v : savedShare)}
            style={{ width: 80 }}
            data-testid="follow-up-share"
            aria-label={f.share}
          />
        </label>
        {desk.can('setFollowUpShare') && share !== null && share !== savedShare && (
          <Button
            data-testid="follow-up-share-save"
            onClick={async () => {
              const r = await api.events.setFollowUpShare({ sharePercent: share });
              if (!r.ok) return desk.report(r.error);
              setSavedShare(share);
              void message.success(fill(f.shareSaved, { share }));
            }}
          >
            {f.shareSave}
          </Button>
        )}
        {savedShare !== null && (
          <span className="muted" data-testid="follow-up-share-town">
            {fill(f.shareTown, { share: savedShare })}
          </span>
        )}
        {rows && rows.length > 0 && (
          <span className="muted" data-testid="follow-up-count">
            {fill(f.count, { count: rows.length })}
          </span>
        )}
      </div>
      {rows && rows.length === 0 && <Empty description={f.empty} />}
      {rows && rows.length > 0 && (
        <Table<FollowUpCandidate>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={rows}
          data-testid="follow-up-table"
          onRow={(r) => ({ 'data-testid': 'follow-up-row', 'data-event-id': r.id }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            eventTitleColumn(f.event, onOpenEvent),
            eventLevelColumn(f.level, m),
            { title: f.category, dataIndex: 'categoryName', key: 'category', width: 150 },
            { title: f.closedAt, key: 'closedAt', width: 140, render: (_, r) => <span className="num">{formatDateTime(r.closedAt)}</span> },
            { title: f.caller, key: 'caller', width: 150, render: (_, r) => [r.callerName, r.callerPhone].filter(Boolean).join(' ') || '—' },
            {
              title: f.why,
              key: 'why',
              width: 170,
              render: (_, r) => (
                <>
                  <Tag color={r.why === 'serious' ? 'red' : 'blue'}>{r.why === 'serious' ? f.whySerious : f.whySampled}</Tag>
                  {r.unreachableCalls > 0 && <Tag data-testid="follow-up-unreachable">{fill(f.unreachable, { count: r.unreachableCalls })}</Tag>}
                </>
              ),
            },
            {
              title: '',
              key: 'record',
              width: 110,
              render: (_, r) =>
                canRecord && (
                  <Button size="small" type="primary" data-testid="follow-up-record" onClick={() => setRecording(r)}>
                    {f.record}
                  </Button>
                ),
            },
          ]}
        />
      )}
      {recording && (
        <RecordDialog
          event={recording}
          onClose={() => setRecording(null)}
          onDone={(result, note) => {
            const event = recording;
            setRecording(null);
            void message.success(f.saved);
            if (result === 'unsatisfied') setReopening({ event, note });
          }}
        />
      )}
      {reopening && (
        <ReopenDialog
          event={reopening.event}
          note={reopening.note}
          onClose={() => setReopening(null)}
          onDone={() => {
            setReopening(null);
            void message.success(f.reopened);
          }}
        />
      )}
    </div>
  );
}

/** The call's result (1–4 or the arrows) and a note; Ctrl+Enter saves. */
function RecordDialog({ event, onClose, onDone }: { event: FollowUpCandidate; onClose(): void; onDone(result: FollowUpResult, note: string): void }) {
  const m = useMessages();
  const f = m.followUp;
  const desk = useDesk();
  const commandId = useCommandId();
  const [result, setResult] = useState<FollowUpResult | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first choice takes the focus: the arrows and 1–4 work at once.
    const t = setTimeout(() => first.current?.querySelector<HTMLInputElement>('input')?.focus(), 0);
    return () => clearTimeout(t);
  }, []);
  const save = async (): Promise<void> => {
    if (busy || !result) return;
    setBusy(true);
    setError(null);
    const r = await api.events.followUp({ eventId: event.id, result, text: note.trim(), commandId, expectedVersion: event.version });
    setBusy(false);
    if (r.ok) onDone(result, note.trim());
    else if (r.error.code === 'unauthenticated') desk.report(r.error);
    else setError(desk.describe(r.error));
  };
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
      return;
    }
    const target = e.target as HTMLElement;
    if (target.tagName === 'TEXTAREA') return;
    const index = ['1', '2', '3', '4'].indexOf(e.key);
    if (index >= 0) {
      e.preventDefault();
      setResult(RESULTS[index]!);
    }
  };
  return (
    <Modal
      open
      title={fill(f.dialogTitle, { title: event.title })}
      onCancel={onClose}
      onOk={() => void save()}
      okText={f.save}
      cancelText={f.cancel}
      okButtonProps={{ disabled: !result, loading: busy, 'data-testid': 'follow-up-save' } as never}
      destroyOnHidden
    >
      <div onKeyDown={onKeyDown} data-testid="follow-up-dialog">
        <p className="muted">{f.resultKeys}</p>
        <div ref={first}>
          <Radio.Group value={result} onChange={(e) => setResult(e.target.value as FollowUpResult)} aria-label={f.result} data-testid="follow-up-result">
            {RESULTS.map((r, i) => (
              <Radio key={r} value={r} data-testid={`follow-up-result-${r}`}>
                {i + 1} {nameOf(f.results, r)}
              </Radio>
            ))}
          </Radio.Group>
        </div>
        <label style={{ display: 'block', marginTop: 12 }}>
          {f.note}
          <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={f.notePlaceholder} rows={3} maxLength={2000} data-testid="follow-up-note" />
        </label>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="follow-up-error" />}
      </div>
    </Modal>
  );
}

/** 不满意: reopen the event (with a reason), or keep it closed. */
function ReopenDialog({ event, note, onClose, onDone }: { event: FollowUpCandidate; note: string; onClose(): void; onDone(): void }) {
  const m = useMessages();
  const f = m.followUp;
  const desk = useDesk();
  const commandId = useCommandId();
  const [reason, setReason] = useState(() => fill(f.reopenDefault, { note: note || nameOf(f.results, 'unsatisfied') }));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reopen = async (): Promise<void> => {
    if (busy || !reason.trim()) return;
    setBusy(true);
    setError(null);
    // The follow-up changed the event's version: the reopen acts on what the person sees now.
    const r = await api.events.reopen({ eventId: event.id, reason: reason.trim(), commandId });
    setBusy(false);
    if (r.ok) onDone();
    else if (r.error.code === 'unauthenticated') desk.report(r.error);
    else setError(desk.describe(r.error));
  };
  return (
    <Modal
      open
      title={f.reopenTitle}
      onCancel={onClose}
      onOk={() => void reopen()}
      okText={f.reopen}
      cancelText={f.keepClosed}
      okButtonProps={{ danger: true, disabled: !reason.trim(), loading: busy, 'data-testid': 'follow-up-reopen' } as never}
      cancelButtonProps={{ 'data-testid': 'follow-up-keep-closed' } as never}
      destroyOnHidden
    >
      <div data-testid="follow-up-reopen-dialog">
        <p>{event.title}</p>
        <p className="muted">{f.reopenHint}</p>
        <label style={{ display: 'block' }}>
          {f.reopenReason}
          <Input.TextArea
            autoFocus
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void reopen();
              }
            }}
            rows={3}
            maxLength={2000}
            data-testid="follow-up-reopen-reason"
          />
        </label>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      </div>
    </Modal>
  );
}
