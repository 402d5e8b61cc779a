/**
 * The grid map's camera options in the layout editor (issue #18): 显示摄像头 (on unless turned off) and
 * 按网格筛选 (the grids whose cameras it shows; none chosen: every grid's).
 */
import { Select, Switch } from 'antd';
import { useDesk } from '../../context/Desk';
import { useMessages } from '../../locales';

export function MapCameraOptions({ options, set }: { options: Record<string, unknown>; set(key: string, value: unknown): void }) {
  const m = useMessages().cameraMap;
  const desk = useDesk();
  const shown = options.showCameras !== false;
  const grids = Array.isArray(options.cameraGrids) ? (options.cameraGrids as string[]) : [];
  return (
    <>
      <label>
        {m.showCameras}
        <span>
          <Switch checked={shown} onChange={(on) => set('showCameras', on ? undefined : false)} aria-label={m.showCameras} data-testid="wall-option-showCameras" />
        </span>
      </label>
      {shown && (
        <label>
          {m.cameraGrids}
          <Select
            mode="multiple"
            value={grids}
            onChange={(v: string[]) => set('cameraGrids', v.length > 0 ? v : undefined)}
            aria-label={m.cameraGrids}
            placeholder={m.cameraGridsAll}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            options={(desk.town?.grids ?? []).map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
            style={{ width: '100%' }}
            data-testid="wall-option-cameraGrids"
          />
        </label>
      )}
    </>
  );
}
