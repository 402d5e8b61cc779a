/**
 * 系统设置 → 情况报告 (the administrator's, issue #15): the first report's limit per level, minutes from
 * the acceptance (重大, 特别重大; 60 by default). One save is one command, audited; a refusal (not whole
 * minutes from 5 to 1440) is said in Chinese beside the form and nothing is saved. A change applies to
 * events accepted afterwards.
 */
import { SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, InputNumber, Space } from 'antd';
import { useState } from 'react';
import type { ReportLimits } from '../../../../preload/contract/situation-report-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { nameOf, useMessages } from '../../locales';
import { useSituationMessages } from './situation-report-locales';
import './situation-report.css';

const loadLimits = () => api.events.reportLimits({});
const LEVELS = ['serious', 'especially_serious'] as const;

export function ReportLimitsSettings() {
  const s = useSituationMessages();
  const desk = useDesk();
  const [limits, setLimits] = useState<ReportLimits | null>(null);
  const reload = useFeedLoad(loadLimits, { apply: (r) => (r.ok ? setLimits(r.data) : desk.report(r.error)) });
  if (!desk.can('manageReportLimits')) return <div className="muted">{s.adminOnly}</div>;
  if (!limits) return null;
  return (
    <div className="settings-columns" data-testid="report-limits-settings">
      <Card className="settings-card" title={s.settingsTitle} size="small">
        <p className="muted">{s.settingsIntro}</p>
        <LimitsForm key={JSON.stringify(limits)} saved={limits} onSaved={reload} />
      </Card>
    </div>
  );
}

function LimitsForm({ saved, onSaved }: { saved: ReportLimits; onSaved(): void }) {
  const m = useMessages();
  const s = useSituationMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [limits, setLimits] = useState<ReportLimits>(saved);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (): Promise<void> => {
    setSaving(true);
    setRefusal(null);
    const r = await intents.send('report-limits', (commandId) => api.events.saveReportLimits({ ...limits, commandId }));
    setSaving(false);
    if (!r.ok) {
      setRefusal(desk.describe(r.error));
      return;
    }
    void message.success(s.saved);
    onSaved();
  };
  return (
    <Space orientation="vertical">
      {LEVELS.map((level) => (
        <label key={level} className="report-limit">
          <span style={{ display: 'inline-block', width: 80 }}>{nameOf(m.levels, level)}</span>
          <InputNumber
            value={limits[level]}
            onChange={(x) => setLimits((all) => ({ ...all, [level]: typeof x === 'number' ? x : 0 }))}
            aria-label={`${nameOf(m.levels, level)} ${s.minutes}`}
            data-testid={`report-limit-${level}`}
            style={{ width: 96 }}
          />
          <span className="muted"> {s.minutes}</span>
        </label>
      ))}
      {refusal && (
        <div className="situation-refusal" role="alert" data-testid="report-limits-refusal">
          {refusal}
        </div>
      )}
      <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="report-limits-save">
        {s.save}
      </Button>
    </Space>
  );
}
