/**
 * 情况报告 in the event's detail (issue #15): for an event of level serious and above (or one that has
 * reports), the first report's due time in Beijing time and whether it was on time, when the next update
 * (续报) is due (下次续报 HH:mm, red once late) or that the final report ended them, the reports filed
 * (首报, 续报一 …, 终报, each with its time, who and the text), and a form to file the next one — the
 * stage chosen by keyboard (arrows), the text, Ctrl+Enter or the button to file. Which stages may be
 * filed follows the core's rules (PROTOCOL.md v1.1); a refusal is said in Chinese beside the form.
 */
import { Alert, App as AntApp, Button, Input, Radio } from 'antd';
import { useState } from 'react';
import type { EventDetail } from '../../../../preload/contract';
import type { SituationStage } from '../../../../preload/contract/situation-report-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { beijingDate, formatDateTime, formatShort } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { stageName, useSituationMessages } from './situation-report-locales';
import './situation-report.css';

const STAGES: readonly SituationStage[] = ['first', 'update', 'final'];
const SERIOUS = new Set(['serious', 'especially_serious']);

/** Whether the detail shows the section: serious and above, or any event with a report filed. */
export function showsSituationReports(detail: EventDetail): boolean {
  return SERIOUS.has(detail.level) || detail.timeline.some((t) => t.action === 'situation_report');
}

export function SituationReportSection({ detail }: { detail: EventDetail }) {
  const s = useSituationMessages();
  const desk = useDesk();
  const { now } = useServerClock();
  const intents = useIntentIds();
  const { message } = AntApp.useApp();
  const firstFiled = !!detail.firstReportAt;
  const finalFiled = !!detail.finalReportAt;
  const allowed = (stage: SituationStage): boolean => (stage === 'first' ? !firstFiled : stage === 'final' ? firstFiled && !finalFiled : firstFiled);
  const next: SituationStage = !firstFiled ? 'first' : 'update';
  // The stage chosen; one no longer allowed (a report filed here or elsewhere) gives way to the next one.
  const [chosen, setStage] = useState<SituationStage | null>(null);
  const stage: SituationStage = chosen && allowed(chosen) ? chosen : next;
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reports = detail.timeline.filter((t) => t.action === 'situation_report');
  const canFile = detail.allowedActions.includes('situation_report');
  const due = detail.firstReportDue ?? null;

  const file = async (): Promise<void> => {
    if (busy) return;
    if (!text.trim()) {
      setError(s.textRequired);
      return;
    }
    setBusy(true);
    setError(null);
    const r = await intents.send(`situation:${detail.id}:${stage}`, (commandId) =>
      api.events.situationReport({ eventId: detail.id, stage, text: text.trim(), commandId, expectedVersion: detail.version }),
    );
    setBusy(false);
    if (r.ok) {
      setText('');
      void message.success(fill(s.filed, { stage: s.stages[stage] ?? stage }));
    } else if (r.error.code === 'unauthenticated') desk.report(r.error);
    else setError(desk.describe(r.error));
  };

  let clock: { type: 'info' | 'success' | 'warning' | 'error'; text: string } | null = null;
  if (due && detail.firstReportAt) {
    clock = {
      type: detail.firstReportAt <= due ? 'success' : 'warning',
      text: fill(detail.firstReportAt <= due ? s.firstOnTime : s.firstLate, { at: formatShort(detail.firstReportAt), due: formatShort(due) }),
    };
  } else if (due) {
    clock = now > Date.parse(due) ? { type: 'error', text: fill(s.dueLate, { due: formatDateTime(due) }) } : { type: 'info', text: fill(s.due, { due: formatDateTime(due) }) };
  } else if (!SERIOUS.has(detail.level)) {
    clock = { type: 'info', text: s.notOwed };
  }

  // 续报: the next update's due time (HH:mm today, MM-DD HH:mm another day), red once late; after the 终报, none.
  const updateDue = detail.updateReportDue ?? null;
  let updateClock: { late: boolean; text: string } | null = null;
  if (updateDue) {
    const time = beijingDate(updateDue) === beijingDate(now) ? formatShort(updateDue).slice(6) : formatShort(updateDue);
    const late = now > Date.parse(updateDue);
    updateClock = { late, text: fill(late ? s.nextUpdateLate : s.nextUpdate, { time }) };
  } else if (finalFiled && SERIOUS.has(detail.level)) {
    updateClock = { late: false, text: s.updatesDone };
  }

  return (
    <section className="detail-section situation-reports" data-testid="situation-reports" aria-label={s.title}>
      <h3>{s.title}</h3>
      {clock && (
        <Alert type={clock.type} showIcon title={clock.text} className="situation-clock" data-testid="situation-due" data-late={clock.type === 'error' ? 'true' : 'false'} />
      )}
      {updateClock && (
        <Alert
          type={updateClock.late ? 'error' : 'info'}
          showIcon
          title={updateClock.text}
          className="situation-clock"
          data-testid="situation-next-update"
          data-late={updateClock.late ? 'true' : 'false'}
        />
      )}
      {reports.length === 0 ? (
        <div className="muted situation-none">{s.none}</div>
      ) : (
        <ol className="situation-list" data-testid="situation-list">
          {reports.map((r) => (
            <li key={r.id} data-testid="situation-item" data-stage={String(r.payload.stage ?? '')}>
              <div className="situation-head">
                <strong>{stageName(s, r.payload)}</strong>
                <span className="num muted">{formatDateTime(r.at)}</span>
                {r.actorName && <span className="muted">{r.actorName}</span>}
              </div>
              <div className="situation-text">{String(r.payload.text ?? '')}</div>
            </li>
          ))}
        </ol>
      )}
      {canFile && (
        <div
          className="situation-form"
          data-testid="situation-form"
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void file();
            }
          }}
        >
          <Radio.Group value={stage} onChange={(e) => setStage(e.target.value as SituationStage)} aria-label={s.stage} data-testid="situation-stage" size="small">
            {STAGES.map((st) => (
              <Radio key={st} value={st} disabled={!allowed(st)} data-testid={`situation-stage-${st}`}>
                {s.stages[st]}
              </Radio>
            ))}
          </Radio.Group>
          <label className="situation-label">
            <span className="muted">
              {s.text}（{s.keys}）
            </span>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={s.placeholders[stage]}
              autoSize={{ minRows: 2, maxRows: 6 }}
              maxLength={4000}
              data-testid="situation-text"
            />
          </label>
          {error && <Alert type="error" showIcon title={error} data-testid="situation-error" role="alert" />}
          <Button type="primary" onClick={() => void file()} loading={busy} disabled={!allowed(stage)} data-testid="situation-submit">
            {s.submit[stage]}
          </Button>
        </div>
      )}
    </section>
  );
}
