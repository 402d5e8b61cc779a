/**
 * The layout editor's options of a 摄像头轮巡 tile (issue #18): the grid (2×2 or 3×3), the cameras among
 * the enabled ones (any number, shown size² at a time), the turn interval (10–600 s, default 30), and
 * a warning when the grid plays more pictures at once than the wall pages' decoder cap allows.
 */
import { Alert, InputNumber, Segmented, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { WallCameraChoice } from '../../../../preload/contract';
import { api } from '../../api';
import { groupCount, groupOptions } from '../panels/camera-group';
import { useWallMessages, wfill } from '../wall-locales';

export function CameraGroupOption({ options, set }: { options: Readonly<Record<string, unknown>>; set(key: string, value: unknown): void }) {
  const w = useWallMessages();
  const [choices, setChoices] = useState<WallCameraChoice[] | null>(null);
  const [cap, setCap] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void api.wall.cameraChoices({}).then((r) => {
      if (live) setChoices(r.ok ? r.data : []);
    });
    void api.wall.cameraSettings({}).then((r) => {
      if (live && r.ok) setCap(r.data.decoders);
    });
    return () => {
      live = false;
    };
  }, []);
  const { size, cameras, rotateSeconds } = groupOptions(options);
  const cells = size * size;
  const playing = Math.min(cells, cameras.length);
  return (
    <>
      <label>
        {w.editor.options.size}
        <Segmented value={size} onChange={(v) => set('size', v)} options={[2, 3].map((v) => ({ value: v, label: w.cameraGroup.sizes[v] }))} data-testid="wall-option-size" />
      </label>
      <label>
        {w.editor.options.cameras}
        <Select
          mode="multiple"
          value={[...cameras]}
          onChange={(v: string[]) => set('cameras', v.length > 0 ? v : undefined)}
          aria-label={w.editor.options.cameras}
          placeholder={w.cameraGroup.pickMany}
          loading={choices === null}
          showSearch={{ optionFilterProp: 'label' }}
          notFoundContent={w.camera.noCameras}
          options={(choices ?? []).map((c) => ({ value: c.code, label: `${c.name}（${c.code}）` }))}
          style={{ width: '100%' }}
          data-testid="wall-option-cameras"
        />
      </label>
      {cameras.length > 0 && (
        <div className="muted" data-testid="wall-camera-group-count">
          {wfill(w.cameraGroup.count, { n: cameras.length, pages: groupCount(cameras.length, size) })}
        </div>
      )}
      <label>
        {w.editor.options.rotateSeconds}
        <InputNumber
          min={10}
          max={600}
          value={typeof options.rotateSeconds === 'number' ? options.rotateSeconds : rotateSeconds}
          onChange={(v) => set('rotateSeconds', v)}
          aria-label={w.editor.options.rotateSeconds}
          data-testid="wall-option-rotate-seconds"
        />
      </label>
      <div className="muted">{w.cameraGroup.rotateHint}</div>
      {cap !== null && playing > cap && <Alert type="warning" showIcon title={wfill(w.cameraGroup.overCap, { cells: playing, cap })} data-testid="wall-camera-group-over-cap" />}
    </>
  );
}
