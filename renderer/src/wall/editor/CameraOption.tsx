/** The camera tile's option in the layout editor (issue #18): which enabled camera, by name and code. */
import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { WallCameraChoice } from '../../../../preload/contract';
import { api } from '../../api';
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
