/**
 * 系统设置 → 情况报告 (the administrator's, issue #15): the first report's limit per level, minutes from
 * the acceptance (重大, 特别重大; 60 by default), and beside it the updates' interval per level, minutes
 * from the latest first report or update (720 by default). Either card's save is one command with both,
 * audited; a refusal (not whole minutes from 5 to 1440, or 30 to 1440 for an interval) is said in Chinese
 * in the card and nothing is saved. A change applies to events accepted, or reports filed, afterwards.
 */
import { SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, InputNumber, Space } from 'antd';
import { useState } from 'react';
import type { ReportLimits, UpdateIntervals } from '../../../../preload/contract/situation-report-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { nameOf, useMessages } from '../../locales';
import { useSituationMessages } from './situation-report-locales';
import './situation-report.css';

const loadLimits = () => api.events.reportLimits({});
const LEVELS = ['serious', 'especially_serious'] as const;
/** What a console that has never saved an interval shows (the core's DEFAULT_UPDATE_INTERVALS). */
const DEFAULT_INTERVALS: UpdateIntervals = { serious: 720, especially_serious: 720 };
type Part = 'first' | 'update';

export function ReportLimitsSettings() {
  const s = useSituationMessages();
  const desk = useDesk();
  const [limits, setLimits] = useState<ReportLimits | null>(null);
  const reload = useFeedLoad(loadLimits, { apply: (r) => (r.ok ? setLimits(r.data) : desk.report(r.error)) });
  if (!desk.can('manageReportLimits')) return <div className="muted">{s.adminOnly}</div>;
  if (!limits) return null;
  return <LimitsForm key={JSON.stringify(limits)} saved={limits} onSaved={reload} />;
}

function LimitsForm({ saved, onSaved }: { saved: ReportLimits; onSaved(): void }) {
  const m = useMessages();
  const s = useSituationMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [first, setFirst] = useState<{ serious: number; especially_serious: number }>({ serious: saved.serious, especially_serious: saved.especially_serious });
  const [update, setUpdate] = useState<UpdateIntervals>(saved.update ?? DEFAULT_INTERVALS);
  const [refusal, setRefusal] = useState<{ part: Part; text: string } | null>(null);
  const [saving, setSaving] = useState<Part | null>(null);
  // Either card saves both: one command, one audit row.
  const save = async (part: Part): Promise<void> => {
    setSaving(part);
    setRefusal(null);
    const r = await intents.send('report-limits', (commandId) => api.events.saveReportLimits({ ...first, update, commandId }));
    setSaving(null);
    if (!r.ok) {
      setRefusal({ part, text: desk.describe(r.error) });
      return;
    }
    void message.success(s.saved);
    onSaved();
  };
  const inputs = (part: Part, values: UpdateIntervals, set: (next: UpdateIntervals) => void, testId: string) =>
    LEVELS.map((level) => (
      <label key={level} className="report-limit">
        <span style={{ display: 'inline-block', width: 80 }}>{nameOf(m.levels, level)}</span>
        <InputNumber
          value={values[level]}
          onChange={(x) => set({ ...values, [level]: typeof x === 'number' ? x : 0 })}
          aria-label={`${part === 'first' ? s.settingsTitle : s.updateTitle} ${nameOf(m.levels, level)} ${s.minutes}`}
          data-testid={`${testId}-${level}`}
          style={{ width: 96 }}
        />
        <span className="muted"> {s.minutes}</span>
      </label>
    ));
  const footer = (part: Part, testId: string) => (
    <>
      {refusal?.part === part && (
        <div className="situation-refusal" role="alert" data-testid={`${testId}-refusal`}>
          {refusal.text}
        </div>
      )}
      <Button type="primary" icon={<SaveOutlined />} loading={saving === part} disabled={saving !== null} onClick={() => void save(part)} data-testid={`${testId}-save`}>
        {s.save}
      </Button>
    </>
  );
  return (
    <div className="settings-columns" data-testid="report-limits-settings">
      <Card className="settings-card" title={s.settingsTitle} size="small">
        <p className="muted">{s.settingsIntro}</p>
        <Space orientation="vertical">
          {inputs('first', first, setFirst, 'report-limit')}
          {footer('first', 'report-limits')}
        </Space>
      </Card>
      <Card className="settings-card" title={s.updateTitle} size="small" data-testid="update-intervals-settings">
        <p className="muted">{s.updateIntro}</p>
        <Space orientation="vertical">
          {inputs('update', update, setUpdate, 'update-interval')}
          {footer('update', 'update-intervals')}
        </Space>
      </Card>
    </div>
  );
}
