/**
 * The desk's mute of 语音播报 (on the alarm banner): a reason and how long, logged by the core; while
 * it holds, the banner says until when and who muted it, with 取消静音.
 */
import { SoundOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { muteHolds } from '../../../../preload/contract/voice-rules';
import type { VoiceState } from '../../../../preload/contract/voice-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useServerClock } from '../../context/ServerClock';
import { formatShort } from '../../lib/beijing-time';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { useVoiceMessages } from './voice-locales';

const DURATIONS = [15, 30, 60, 120, 240, 480];

export function MuteControl({ voice }: { voice: VoiceState | null }) {
  const v = useVoiceMessages();
  const desk = useDesk();
  const { now } = useServerClock();
  const { message } = AntApp.useApp();
  const intents = useIntentIds();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [minutes, setMinutes] = useState(30);
  if (!desk.can('muteVoice')) return null;
  const mute = voice && muteHolds(voice.mute, new Date(now)) ? voice.mute : null;

  const submit = async (): Promise<void> => {
    const r = await intents.send('mute', (commandId) => api.voice.mute({ reason, minutes, commandId }));
    if (!r.ok) return desk.report(r.error);
    setOpen(false);
    setReason('');
  };
  const unmute = async (): Promise<void> => {
    const r = await intents.send('unmute', (commandId) => api.voice.unmute({ commandId }));
    if (r.ok) void message.info(v.unmuted);
    else desk.report(r.error);
  };

  if (mute) {
    return (
      <span className="alarm-muted" data-testid="voice-muted" title={fill(v.muted, { until: formatShort(mute.until), by: mute.byName ?? mute.by, reason: mute.reason })}>
        {fill(v.mutedShort, { until: formatShort(mute.until) })}
        <Button size="small" ghost onClick={() => void unmute()} data-testid="voice-unmute">
          {v.unmute}
        </Button>
      </span>
    );
  }
  return (
    <>
      <Button size="small" ghost icon={<SoundOutlined />} onClick={() => setOpen(true)} data-testid="voice-mute">
        {v.mute}
      </Button>
      <Modal
        open={open}
        title={v.muteTitle}
        okText={v.muteOk}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ disabled: reason.trim().length < 2, ...{ 'data-testid': 'voice-mute-ok' } }}
        destroyOnHidden
      >
        <p className="muted">{v.muteHint}</p>
        <Form layout="vertical">
          <Form.Item label={v.muteReason} required>
            <Input autoFocus value={reason} maxLength={200} placeholder={v.muteReasonPlaceholder} onChange={(e) => setReason(e.target.value)} data-testid="voice-mute-reason" />
          </Form.Item>
          <Form.Item label={v.muteFor}>
            <Select value={minutes} onChange={setMinutes} options={DURATIONS.map((d) => ({ value: d, label: v.durations[d] }))} data-testid="voice-mute-minutes" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
