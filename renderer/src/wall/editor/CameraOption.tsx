/**
 * The layout editor's camera controls (issue #18): the camera tile's option (which enabled camera, by
 * name and code), and the wall pages' cap on camera pictures decoded at once.
 */
import { InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { CAMERA_DECODERS_RANGE, type WallCameraChoice } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useIntentIds } from '../../lib/command-id';
import { useWallMessages } from '../wall-locales';

export function CameraOption({ value, onChange }: { value: string | undefined; onChange(code: string | undefined): void }) {
  const w = useWallMessages();
  const [choices, setChoices] = useState<WallCameraChoice[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.wall.cameraChoices({}).then((r) => {
      if (live) setChoices(r.ok ? r.data : []);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <label>
      {w.editor.options.camera}
      <Select
        value={value}
        onChange={(v: string) => onChange(v)}
        aria-label={w.editor.options.camera}
        placeholder={w.camera.pick}
        loading={choices === null}
        showSearch={{ optionFilterProp: 'label' }}
        notFoundContent={w.camera.noCameras}
        options={(choices ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
        style={{ width: '100%' }}
        data-testid="wall-option-camera"
      />
    </label>
  );
}

/** 每块屏幕同时播放的摄像头画面: 1–16, saved as it is changed (wall:setCameraSettings, audited). */
export function CameraDecodersSetting() {
  const w = useWallMessages();
  const desk = useDesk();
  const intents = useIntentIds();
  const [decoders, setDecoders] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.wall.cameraSettings({}).then((r) => {
      if (live && r.ok) setDecoders(r.data.decoders);
    });
    return () => {
      live = false;
    };
  }, []);
  if (decoders === null) return null;
  const save = async (n: number): Promise<void> => {
    const r = await intents.send(String(n), (commandId) => api.wall.setCameraSettings({ decoders: n, commandId }));
    if (!r.ok) desk.report(r.error);
    else setDecoders(r.data.decoders);
  };
  return (
    <div data-testid="wall-camera-decoders">
      <Space wrap>
        <span>{w.camera.decoders}</span>
        <InputNumber
          min={CAMERA_DECODERS_RANGE[0]}
          max={CAMERA_DECODERS_RANGE[1]}
          value={decoders}
          onChange={(v) => typeof v === 'number' && void save(v)}
          aria-label={w.camera.decoders}
          data-testid="wall-camera-decoders-input"
        />
      </Space>
      <div className="muted">{w.camera.decodersHint}</div>
    </div>
  );
}
