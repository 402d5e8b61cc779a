/**
 * 系统设置 → 摄像头 → 联动 (the administrator's, issue #18): how many cameras an event opens (联动数量),
 * within what radius (联动半径（米）) and for how long after it was reported (联动时长（分钟）). One save is
 * one command, audited; a value out of bounds is refused in Chinese beside the form and nothing is
 * saved. The settings follow the `town` feed.
 */
import { SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, InputNumber, Space } from 'antd';
import { useState } from 'react';
import { LINKAGE_FIELDS, type CameraLinkageSettings as Settings, type LinkageField } from '../../../../preload/contract/camera-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { cameraErrorText, useCameraMessages } from './camera-locales';

const loadSettings = () => api.cameras.linkageSettings({});
const TEST_IDS: Record<LinkageField, string> = { count: 'linkage-count', radiusM: 'linkage-radius', closeAfterMinutes: 'linkage-close' };

export function CameraLinkageSettings() {
  const t = useCameraMessages();
  const desk = useDesk();
  const [settings, setSettings] = useState<Settings | null>(null);
  const reload = useFeedLoad(loadSettings, { apply: (r) => (r.ok ? setSettings(r.data) : desk.report(r.error)), feed: { town: true } });
  if (!settings) return null;
  return (
    <Card className="settings-card" title={t.linkage.settingsTitle} size="small" data-testid="camera-linkage-settings">
      <p className="muted">{t.linkage.settingsIntro}</p>
      {desk.can('manageTown') ? <LinkageForm key={JSON.stringify(settings)} saved={settings} onSaved={reload} /> : <div className="muted">{t.linkage.adminOnly}</div>}
    </Card>
  );
}

function LinkageForm({ saved, onSaved }: { saved: Settings; onSaved(): void }) {
  const t = useCameraMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [values, setValues] = useState<Settings>(saved);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (): Promise<void> => {
    setSaving(true);
    setRefusal(null);
    const r = await intents.send('camera-linkage', (commandId) => api.cameras.saveLinkageSettings({ ...values, commandId }));
    setSaving(false);
    if (!r.ok) {
      setRefusal(cameraErrorText(t, r.error) ?? desk.describe(r.error));
      return;
    }
    void message.success(t.linkage.saved);
    onSaved();
  };
  return (
    <Space wrap size={16} align="center">
      {LINKAGE_FIELDS.map((field) => (
        <label key={field}>
          <span>{t.linkage[field]} </span>
          <InputNumber
            value={values[field]}
            onChange={(x) => setValues((all) => ({ ...all, [field]: typeof x === 'number' ? x : 0 }))}
            onPressEnter={() => void save()}
            aria-label={t.linkage[field]}
            data-testid={TEST_IDS[field]}
            style={{ width: 110 }}
          />
        </label>
      ))}
      <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="linkage-save">
        {t.linkage.save}
      </Button>
      {refusal && (
        <div className="danger" role="alert" data-testid="linkage-refusal">
          {refusal}
        </div>
      )}
    </Space>
  );
}
