/**
 * 系统设置 → 语音播报 (the administrator's): the spoken template of each alarm kind (试听 plays it with
 * sample facts, through the same Web Audio path as an alarm), the repeat interval and grouping window,
 * and per screen whether it speaks, its volume and its quiet hours. Each save is one command, audited;
 * a refusal says why in Chinese and nothing changes.
 */
import { SaveOutlined, SoundOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Input, InputNumber, Slider, Space, Switch, Table, TimePicker } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { fillTemplate } from '../../../../preload/contract/voice-rules';
import type { VoiceScreen, VoiceSettings, VoiceTemplate } from '../../../../preload/contract/voice-schemas';
import { api } from '../../api';
import { listenFailureText, useVoiceMessages, type ListenFailure } from '../../components/voice/voice-locales';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { alarmAudioContext, unlockAlarmSound } from '../../lib/alarm-sound';
import { useIntentIds } from '../../lib/command-id';
import { playBuffer, voiceBuffer } from '../../lib/voice-player';
import { fill } from '../../locales';

const loadSettings = () => api.voice.settings({});

/** The desk refused or failed to make the speech: its error code says which. */
class SynthesisFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function VoiceSection() {
  const v = useVoiceMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [settings, setSettings] = useState<VoiceSettings | null>(null);
  const [templates, setTemplates] = useState<Record<string, VoiceTemplate>>({});
  const [screens, setScreens] = useState<VoiceScreen[]>([]);
  const [newWall, setNewWall] = useState('');
  useFeedLoad(loadSettings, {
    apply: (r) => {
      if (!r.ok) return desk.report(r.error);
      setSettings(r.data);
      setTemplates(Object.fromEntries(r.data.templates.map((t) => [t.kind, t])));
      setScreens(r.data.screens);
    },
    feed: { voice: true },
  });
  if (!settings) return null;

  const saved = (r: { ok: boolean; error?: Parameters<typeof desk.report>[0] }): void => {
    if (r.ok) void message.success(v.saved);
    else if (r.error) desk.report(r.error);
  };
  const saveTemplate = async (t: VoiceTemplate) => saved(await intents.send(`t:${t.kind}`, (commandId) => api.voice.saveTemplate({ ...t, commandId })));
  const saveScreen = async (s: VoiceScreen) => saved(await intents.send(`s:${s.screen}`, (commandId) => api.voice.saveScreen({ ...s, commandId })));
  const listen = async (t: VoiceTemplate): Promise<void> => {
    unlockAlarmSound();
    const text = fillTemplate(t.template, v.sample);
    const buffer = voiceBuffer(text, async () => {
      const r = await api.voice.audio({ text });
      if (!r.ok) throw new SynthesisFailed(r.error.code, r.error.message);
      return r.data.wav;
    });
    try {
      if (!buffer || !playBuffer(await buffer, screens.find((s) => s.screen === 'desk')?.volume ?? 80)) void message.warning(v.soundLocked);
    } catch (error) {
      // What happened and what to do on screen; the technical detail only in the log (#19).
      console.warn('试听失败', error);
      const failure: ListenFailure = error instanceof SynthesisFailed ? { stage: 'synthesis', code: error.code } : { stage: 'playback' };
      void message.error(listenFailureText(v, failure));
    }
  };
  const setTemplate = (kind: string, patch: Partial<VoiceTemplate>) => setTemplates((all) => ({ ...all, [kind]: { ...all[kind]!, ...patch } }));
  const setScreen = (screen: string, patch: Partial<VoiceScreen>) => setScreens((all) => all.map((s) => (s.screen === screen ? { ...s, ...patch } : s)));
  const time = (hhmm: string | null) => (hhmm ? dayjs(`2000-01-01T${hhmm}`) : null);

  return (
    <div className="settings-columns voice-settings" data-testid="voice-settings">
      <Card className="settings-card" title={v.templates} size="small">
        <p className="muted">{v.intro}</p>
        <Table
          size="small"
          pagination={false}
          rowKey="kind"
          dataSource={settings.templates.map((t) => templates[t.kind] ?? t)}
          columns={[
            { title: v.kind, dataIndex: 'kind', width: 110, render: (kind: string) => v.kinds[kind] ?? kind },
            {
              title: v.template,
              render: (_: unknown, t: VoiceTemplate) => (
                <Input
                  value={t.template}
                  maxLength={120}
                  onChange={(e) => setTemplate(t.kind, { template: e.target.value })}
                  data-testid={`voice-template-${t.kind}`}
                  aria-label={`${v.template} ${v.kinds[t.kind]}`}
                />
              ),
            },
            {
              title: v.enabled,
              width: 60,
              render: (_: unknown, t: VoiceTemplate) => <Switch size="small" checked={t.enabled} onChange={(enabled) => setTemplate(t.kind, { enabled })} aria-label={v.enabled} />,
            },
            {
              width: 150,
              render: (_: unknown, t: VoiceTemplate) => (
                <Space size={4}>
                  <Button size="small" icon={<SoundOutlined />} onClick={() => void listen(t)} disabled={!alarmAudioContext()} data-testid={`voice-listen-${t.kind}`}>
                    {v.listen}
                  </Button>
                  <Button size="small" type="primary" icon={<SaveOutlined />} onClick={() => void saveTemplate(t)} data-testid={`voice-save-${t.kind}`}>
                    {v.save}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <p className="muted voice-placeholders">{v.placeholders}</p>
      </Card>
      <VoiceOptionsCard settings={settings} onSave={async (o) => saved(await intents.send('options', (commandId) => api.voice.saveOptions({ ...o, commandId })))} />
      <Card className="settings-card" title={v.screens} size="small">
        <Table
          size="small"
          pagination={false}
          rowKey="screen"
          dataSource={screens}
          columns={[
            { title: v.screen, dataIndex: 'screen', width: 110, render: (s: string) => (s === 'desk' ? v.desk : fill(v.wallScreen, { id: s.slice(5) })) },
            {
              title: v.enabled,
              width: 60,
              render: (_: unknown, s: VoiceScreen) => <Switch size="small" checked={s.enabled} onChange={(enabled) => setScreen(s.screen, { enabled })} aria-label={v.enabled} />,
            },
            {
              title: v.volume,
              width: 140,
              render: (_: unknown, s: VoiceScreen) => (
                <Slider min={0} max={100} value={s.volume} onChange={(volume) => setScreen(s.screen, { volume })} ariaLabelForHandle={v.volume} />
              ),
            },
            {
              title: v.quiet,
              render: (_: unknown, s: VoiceScreen) => (
                <TimePicker.RangePicker
                  size="small"
                  format="HH:mm"
                  order={false}
                  allowEmpty={[true, true]}
                  value={[time(s.quietFrom), time(s.quietTo)]}
                  onChange={(range) => setScreen(s.screen, { quietFrom: range?.[0]?.format('HH:mm') ?? null, quietTo: range?.[1]?.format('HH:mm') ?? null })}
                  placeholder={[v.quietNone, v.quietNone]}
                />
              ),
            },
            {
              width: 80,
              render: (_: unknown, s: VoiceScreen) => (
                <Button size="small" type="primary" icon={<SaveOutlined />} onClick={() => void saveScreen(s)} data-testid={`voice-screen-save-${s.screen}`}>
                  {v.save}
                </Button>
              ),
            },
          ]}
        />
        <Space.Compact className="voice-add-wall">
          <Input value={newWall} maxLength={40} placeholder={v.addWallPlaceholder} onChange={(e) => setNewWall(e.target.value.trim())} aria-label={v.addWall} />
          <Button
            disabled={!/^[A-Za-z0-9_-]{1,40}$/.test(newWall) || screens.some((s) => s.screen === `wall:${newWall}`)}
            onClick={() => {
              setScreens((all) => [...all, { screen: `wall:${newWall}`, enabled: true, volume: 80, quietFrom: null, quietTo: null }]);
              setNewWall('');
            }}
          >
            {v.addWall}
          </Button>
        </Space.Compact>
      </Card>
    </div>
  );
}

function VoiceOptionsCard({ settings, onSave }: { settings: VoiceSettings; onSave(o: { repeatSeconds: number; groupWindowMinutes: number }): Promise<void> }) {
  const v = useVoiceMessages();
  const [repeatSeconds, setRepeat] = useState(settings.repeatSeconds);
  const [groupWindowMinutes, setWindow] = useState(settings.groupWindowMinutes);
  return (
    <Card className="settings-card" title={v.options} size="small">
      <Space wrap>
        <label>
          {v.repeatSeconds} <InputNumber min={30} max={3600} value={repeatSeconds} onChange={(x) => setRepeat(x ?? 60)} data-testid="voice-repeat" />
        </label>
        <label>
          {v.groupWindowMinutes} <InputNumber min={1} max={120} value={groupWindowMinutes} onChange={(x) => setWindow(x ?? 10)} data-testid="voice-window" />
        </label>
        <Button type="primary" icon={<SaveOutlined />} onClick={() => void onSave({ repeatSeconds, groupWindowMinutes })} data-testid="voice-options-save">
          {v.save}
        </Button>
      </Space>
    </Card>
  );
}
