/**
 * 系统设置 → 升级提醒 (the administrator's, issue #17): per alarm kind, whether it escalates and its steps
 * (B岗 / 带班领导 / 中心主任, each so many minutes after the alarm's clock ran out), saved one chain at a
 * time; and who the centre director (中心主任) is. Each save is one command, audited; a refusal (steps
 * not later one after another, someone told twice, an unknown person) is said in Chinese beside what
 * was refused, and nothing is saved.
 */
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, InputNumber, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { ESCALATION_TARGETS, type EscalationChain, type EscalationSettings, type EscalationStep } from '../../../../preload/contract/escalation-schemas';
import type { PersonAdmin } from '../../../../preload/contract/town-admin-schemas';
import { api } from '../../api';
import { useAlarmDeskMessages } from '../../components/alarm-desk/alarm-desk-locales';
import { useVoiceMessages } from '../../components/voice/voice-locales';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import '../../components/alarm-desk/alarm-desk.css';

const MAX_STEPS = 3;
const loadSettings = () => api.escalation.settings({});
const loadPeople = () => api.townAdmin.people({});

export function EscalationSection() {
  const a = useAlarmDeskMessages();
  const v = useVoiceMessages();
  const s = a.settings;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [settings, setSettings] = useState<EscalationSettings | null>(null);
  const [people, setPeople] = useState<PersonAdmin[]>([]);
  const reload = useFeedLoad(loadSettings, { apply: (r) => (r.ok ? setSettings(r.data) : desk.report(r.error)), feed: { alarms: true } });
  useFeedLoad(loadPeople, { apply: (r) => (r.ok ? setPeople(r.data.filter((p) => p.active)) : desk.report(r.error)), feed: { town: true } });
  if (!desk.can('manageEscalation')) return <div className="muted">{s.adminOnly}</div>;
  if (!settings) return null;

  return (
    <div className="settings-columns escalation-settings" data-testid="escalation-settings">
      <Card className="settings-card" title={s.director} size="small">
        <p className="muted">{s.directorHint}</p>
        <DirectorPicker
          key={settings.directorId ?? ''}
          settings={settings}
          people={people}
          onSave={async (personId) => {
            const r = await intents.send('director', (commandId) => api.escalation.saveDirector({ personId, commandId }));
            if (!r.ok) return desk.describe(r.error);
            void message.success(s.directorSaved);
            reload();
            return null;
          }}
        />
      </Card>
      <Card className="settings-card escalation-chains" title={s.tab} size="small">
        <p className="muted">{s.intro}</p>
        <ol className="escalation-chain-list">
          {settings.chains.map((c) => (
            <ChainEditor
              key={`${c.kind}:${JSON.stringify(c)}`}
              chain={c}
              onSave={async (next) => {
                const r = await intents.send(`chain:${c.kind}`, (commandId) => api.escalation.saveChain({ ...next, commandId }));
                if (!r.ok) return desk.describe(r.error);
                void message.success(fill(s.saved, { kind: v.kinds[c.kind] ?? c.kind }));
                reload();
                return null;
              }}
            />
          ))}
        </ol>
      </Card>
    </div>
  );
}

function DirectorPicker({ settings, people, onSave }: { settings: EscalationSettings; people: readonly PersonAdmin[]; onSave(personId: string | null): Promise<string | null> }) {
  const s = useAlarmDeskMessages().settings;
  const [personId, setPersonId] = useState<string | null>(settings.directorId);
  const [refusal, setRefusal] = useState<string | null>(null);
  const options = people.map((p) => ({ value: p.id, label: p.name }));
  // The saved director stays choosable even when the list does not hold them (deactivated since).
  if (settings.directorId && !options.some((o) => o.value === settings.directorId))
    options.unshift({ value: settings.directorId, label: settings.directorName ?? settings.directorId });
  return (
    <div className="escalation-director">
      <Space wrap>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          allowClear
          style={{ width: 220 }}
          value={personId ?? undefined}
          placeholder={s.directorNone}
          onChange={(value: string | undefined) => setPersonId(value ?? null)}
          options={options}
          aria-label={s.director}
          data-testid="escalation-director"
        />
        <Button
          type="primary"
          icon={<SaveOutlined />}
          disabled={personId === settings.directorId}
          onClick={() => void onSave(personId).then(setRefusal)}
          data-testid="escalation-director-save"
        >
          {s.saveDirector}
        </Button>
      </Space>
      {refusal && (
        <div className="escalation-refusal" role="alert" data-testid="escalation-director-refusal">
          {refusal}
        </div>
      )}
    </div>
  );
}

function ChainEditor({ chain, onSave }: { chain: EscalationChain; onSave(next: EscalationChain): Promise<string | null> }) {
  const a = useAlarmDeskMessages();
  const v = useVoiceMessages();
  const s = a.settings;
  const [enabled, setEnabled] = useState(chain.enabled);
  const [steps, setSteps] = useState<EscalationStep[]>(chain.steps);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kindName = v.kinds[chain.kind] ?? chain.kind;
  const setStep = (i: number, patch: Partial<EscalationStep>) => setSteps((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const unused = ESCALATION_TARGETS.find((t) => !steps.some((x) => x.to === t)) ?? 'director';
  const save = async (): Promise<void> => {
    setSaving(true);
    setRefusal(await onSave({ kind: chain.kind, enabled, steps }));
    setSaving(false);
  };
  return (
    <li className="escalation-chain" data-testid={`escalation-chain-${chain.kind}`} aria-label={kindName}>
      <div className="escalation-chain-head">
        <strong className="escalation-chain-kind">{kindName}</strong>
        <label className="escalation-enabled">
          <Switch size="small" checked={enabled} onChange={setEnabled} aria-label={`${kindName} ${s.enabled}`} data-testid={`escalation-enabled-${chain.kind}`} />
          <span>{s.enabled}</span>
        </label>
      </div>
      <ol className="escalation-steps">
        {steps.map((step, i) => (
          <li key={i} className="escalation-step" data-testid="escalation-step">
            <span className="escalation-step-n">{fill(s.stepN, { n: i + 1 })}</span>
            <InputNumber
              size="small"
              min={0}
              max={1440}
              precision={0}
              value={step.afterMinutes}
              onChange={(x) => setStep(i, { afterMinutes: x ?? 0 })}
              aria-label={`${kindName} ${fill(s.stepN, { n: i + 1 })} ${s.after}`}
              data-testid={`escalation-minutes-${chain.kind}-${i}`}
              style={{ width: 72 }}
            />
            <span className="muted">{s.minutesSuffix}</span>
            <span>{s.target}</span>
            <Select
              size="small"
              value={step.to}
              onChange={(to) => setStep(i, { to })}
              options={ESCALATION_TARGETS.map((t) => ({ value: t, label: a.targets[t] }))}
              aria-label={`${kindName} ${fill(s.stepN, { n: i + 1 })} ${s.target}`}
              data-testid={`escalation-target-${chain.kind}-${i}`}
              style={{ width: 110 }}
            />
            <Button
              size="small"
              type="text"
              icon={<DeleteOutlined />}
              disabled={steps.length <= 1}
              onClick={() => setSteps((all) => all.filter((_, j) => j !== i))}
              aria-label={`${kindName} ${fill(s.stepN, { n: i + 1 })} ${s.removeStep}`}
              title={s.removeStep}
            />
          </li>
        ))}
      </ol>
      <Space className="escalation-chain-actions">
        <Button
          size="small"
          icon={<PlusOutlined />}
          disabled={steps.length >= MAX_STEPS}
          onClick={() => setSteps((all) => [...all, { to: unused, afterMinutes: (all[all.length - 1]?.afterMinutes ?? 0) + 10 }])}
          data-testid={`escalation-add-${chain.kind}`}
        >
          {s.addStep}
        </Button>
        <Button size="small" type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid={`escalation-save-${chain.kind}`}>
          {s.save}
        </Button>
      </Space>
      {refusal && (
        <div className="escalation-refusal" role="alert" data-testid={`escalation-refusal-${chain.kind}`}>
          {refusal}
        </div>
      )}
    </li>
  );
}
