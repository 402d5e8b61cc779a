/**
 * The admin's holiday calendar: a year's statutory holidays and adjusted workdays, typed one per
 * line (`2027-01-01 元旦`), checked here and saved with calendar:setYear.
 */
import { App as AntApp, Alert, Button, Form, Input, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import type { CalendarStatus } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useIntentIds } from '../lib/command-id';
import { fill, useMessages, type Messages } from '../locales';

type Day = { date: string; name: string };

function parseLines(text: string, m: Messages): { days: Day[]; error: string | null } {
  const days: Day[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    const match = /^(\d{4}-\d{2}-\d{2})[\s,，、]+(.+)$/.exec(line);
    if (!match || Number.isNaN(Date.parse(match[1]!))) return { days, error: fill(m.calendar.parseError, { line: i + 1, text: line }) };
    days.push({ date: match[1]!, name: match[2]!.trim() });
  }
  return { days, error: null };
}

/** `[2004, 2005, …, 2026, 2028]` → `2004–2026、2028`. */
function yearRanges(years: readonly number[]): string {
  const out: string[] = [];
  let start: number | null = null;
  let prev: number | null = null;
  for (const y of [...years].sort((a, b) => a - b)) {
    if (prev !== null && y === prev + 1) {
      prev = y;
      continue;
    }
    if (start !== null) out.push(start === prev ? String(start) : `${start}–${prev}`);
    start = y;
    prev = y;
  }
  if (start !== null) out.push(start === prev ? String(start) : `${start}–${prev}`);
  return out.join('、');
}

function linesOf(status: CalendarStatus | null, year: number, kind: 'holiday' | 'workday'): string {
  return (status?.overrides ?? [])
    .filter((o) => o.kind === kind && o.date.startsWith(`${year}-`))
    .map((o) => `${o.date} ${o.name}`)
    .join('\n');
}

export function CalendarPage({ status }: { status: CalendarStatus | null }) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [year, setYear] = useState<number>(() => status?.missingYears[0] ?? (status ? status.year + 1 : new Date().getFullYear() + 1));
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Saving one year's lists is one intent: a double Enter saves once.
  const intents = useIntentIds();

  useEffect(() => {
    setHolidays(linesOf(status, year, 'holiday'));
    setWorkdays(linesOf(status, year, 'workday'));
  }, [status, year]);

  const h = parseLines(holidays, m);
  const w = parseLines(workdays, m);
  const parseError = h.error ?? w.error;

  const save = async (): Promise<void> => {
    if (parseError) return;
    setBusy(true);
    setError(null);
    const request = { year, holidays: h.days, workdays: w.days };
    const result = await intents.send(JSON.stringify(request), (commandId) => api.calendar.setYear({ ...request, commandId }));
    setBusy(false);
    if (result.ok) void message.success(fill(m.calendar.saved, { year }));
    else setError(desk.describe(result.error));
  };

  if (!desk.can('editCalendar')) return <div className="page-pad muted">{m.calendar.adminOnly}</div>;
  return (
    <div className="page-pad calendar-page" data-testid="calendar-page">
      <h2 className="page-title">{m.calendar.title}</h2>
      {status && <div className="muted">{fill(m.calendar.known, { years: yearRanges(status.knownYears) })}</div>}
      <Form layout="vertical" onFinish={() => void save()} className="calendar-form">
        <Form.Item label={m.calendar.year}>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} aria-label={m.calendar.year} data-testid="calendar-year" />
        </Form.Item>
        <div className="calendar-columns">
          <Form.Item label={m.calendar.holidays} extra={m.calendar.example}>
            <Input.TextArea
              rows={14}
              value={holidays}
              onChange={(e) => setHolidays(e.target.value)}
              className="num"
              aria-label={m.calendar.holidays}
              data-testid="calendar-holidays"
            />
          </Form.Item>
          <Form.Item label={m.calendar.workdays}>
            <Input.TextArea
              rows={14}
              value={workdays}
              onChange={(e) => setWorkdays(e.target.value)}
              className="num"
              aria-label={m.calendar.workdays}
              data-testid="calendar-workdays"
            />
          </Form.Item>
        </div>
        <div className="muted">{fill(m.calendar.counts, { holidays: h.days.length, workdays: w.days.length })}</div>
        {parseError && <Alert type="warning" showIcon title={parseError} style={{ margin: '12px 0' }} />}
        {error && <Alert type="error" showIcon title={error} style={{ margin: '12px 0' }} data-testid="calendar-error" />}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!!parseError} style={{ marginTop: 12 }} data-testid="calendar-save">
          {m.calendar.save}
        </Button>
      </Form>
    </div>
  );
}
