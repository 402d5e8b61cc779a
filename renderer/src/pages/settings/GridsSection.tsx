/**
 * 系统设置 → 网格 (the administrator's): the grids with their village, households, grid worker and
 * shape; 停用 / 启用 (a grid with open events is refused with what to do); add and edit in a dialog, the shape uploaded as a .geojson file or pasted (checked by core as
 * a Polygon or MultiPolygon; a fault is named with where it is). Every change is a kernel command,
 * audited and sent to the district; the list and the wall's map follow the `town` feed.
 */
import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { GEOJSON_MAX_CHARS, type GridAdmin } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { useTownAdminMessages } from './town-admin-locales';
import { useAdminReport, useTownPeople, useAdminDialog } from './town-admin-shared';
import { TownAdminTable } from './TownAdminTable';

interface GridForm {
  code: string;
  name: string;
  village: string;
  villageCode?: string;
  households?: number | null;
  gridWorkerId?: string | null;
  geometry?: string;
}

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const loadGrids = () => api.townAdmin.grids({});

export function GridsSection() {
  const t = useTownAdminMessages();
  const g = t.grids;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const report = useAdminReport();
  const { people } = useTownPeople();
  const [grids, setGrids] = useState<GridAdmin[]>([]);
  const reload = useFeedLoad(loadGrids, { apply: (r) => (r.ok ? setGrids(r.data) : desk.report(r.error)), feed: { town: true } });
  const dialog = useAdminDialog<GridAdmin, GridForm>();
  const { editing, setEditing, setSaving, form } = dialog;
  const fileInput = useRef<HTMLInputElement>(null);
  const intents = useIntentIds();

  const names = useMemo(() => new Map(people.map((x) => [x.id, x.name])), [people]);
  const shapeText = (x: GridAdmin): string => (x.shape ? fill(g.shape, { type: g.shapeTypes[x.shape.type] ?? x.shape.type, points: x.shape.points }) : g.noShape);

  const open = (grid: GridAdmin | 'new'): void => {
    setEditing(grid);
    form.setFieldsValue(
      grid === 'new'
        ? { code: '', name: '', village: '', villageCode: '', households: 0, gridWorkerId: null, geometry: '' }
        : { code: grid.code, name: grid.name, village: grid.village, villageCode: grid.villageCode, households: grid.households, gridWorkerId: grid.gridWorkerId, geometry: '' },
    );
  };

  const readFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      const text = await file.text();
      form.setFieldValue('geometry', text);
      await form.validateFields(['geometry']);
    } catch {
      // validateFields shows its own message; a file that cannot be read says so.
      if (!form.getFieldValue('geometry')) void message.error(g.readFailed);
    }
  };

  const save = async (values: GridForm): Promise<void> => {
    if (!editing) return;
    const geometry = values.geometry?.trim() ? values.geometry.trim() : undefined;
    const fields = {
      code: values.code.trim(),
      name: values.name.trim(),
      village: values.village.trim(),
      villageCode: (values.villageCode ?? '').trim(),
      households: values.households ?? 0,
      gridWorkerId: values.gridWorkerId ?? null,
    };
    setSaving(true);
    const r =
      editing === 'new'
        ? await intents.send('add', (commandId) => api.townAdmin.addGrid({ ...fields, geometry: geometry ?? '', commandId }))
        : await intents.send(`edit:${editing.code}`, (commandId) => api.townAdmin.editGrid({ ...fields, ...(geometry ? { geometry } : {}), commandId }));
    setSaving(false);
    if (!r.ok) return report(r.error);
    setEditing(null);
    reload();
    void message.success(fill(editing === 'new' ? g.added : g.edited, { name: fields.name }));
  };

  const current = editing && editing !== 'new' ? editing : null;
  const geometryRules = [
    { required: !current, whitespace: true, message: g.geometryRequired },
    {
      validator: (_: unknown, value: string | undefined) =>
        value && value.length > GEOJSON_MAX_CHARS
          ? Promise.reject(new Error(fill(g.tooBig, { size: Math.ceil(value.length / 1024), max: Math.floor(GEOJSON_MAX_CHARS / 1024) })))
          : Promise.resolve(),
    },
  ];

  return (
    <TownAdminTable<GridAdmin, GridForm>
      ids={{ name: 'grids', item: 'grid' }}
      words={g}
      matches={(x, text, lower) => x.code.toLowerCase().includes(lower) || x.name.includes(text) || x.village.includes(text)}
      rows={grids}
      rowKey={(x) => x.code}
      rowData={(x) => ({ 'data-code': x.code })}
      columns={[
        { key: 'code', title: g.columns.code, width: 110, render: (_, x) => <code className="settings-path">{x.code}</code> },
        { key: 'name', title: g.columns.name, width: 160, render: (_, x) => x.name },
        { key: 'village', title: g.columns.village, width: 120, render: (_, x) => x.village },
        { key: 'villageCode', title: g.columns.villageCode, width: 130, render: (_, x) => <span className="num">{x.villageCode}</span> },
        { key: 'households', title: g.columns.households, width: 70, align: 'right', render: (_, x) => <span className="num">{x.households}</span> },
        { key: 'worker', title: g.columns.worker, width: 100, render: (_, x) => (x.gridWorkerId ? (names.get(x.gridWorkerId) ?? '') : '') },
        { key: 'shape', title: g.columns.shape, render: (_, x) => <span className={x.shape ? '' : 'muted'}>{shapeText(x)}</span> },
      ]}
      onOpen={open}
      setActive={(x, active) => api.townAdmin.setGridActive({ code: x.code, active })}
      reload={reload}
      dialog={{
        state: dialog,
        onFinish: (v) => void save(v),
        width: 640,
        children: (
          <>
            <Space size={12} className="town-admin-row">
              <Form.Item name="code" label={g.fields.code} rules={[{ required: true, pattern: CODE, message: g.codeRequired }]}>
                <Input maxLength={32} style={{ width: 160 }} disabled={!!current} autoFocus={!current} data-testid="grid-code" />
              </Form.Item>
              <Form.Item name="name" label={g.fields.name} rules={[{ required: true, whitespace: true, message: g.nameRequired }]}>
                <Input maxLength={40} style={{ width: 260 }} autoFocus={!!current} data-testid="grid-name" />
              </Form.Item>
              <Form.Item name="households" label={g.fields.households}>
                <InputNumber<number> min={0} max={100000} precision={0} style={{ width: 120 }} data-testid="grid-households" />
              </Form.Item>
            </Space>
            <Space size={12} className="town-admin-row">
              <Form.Item name="village" label={g.fields.village} rules={[{ required: true, whitespace: true, message: g.villageRequired }]}>
                <Input maxLength={40} style={{ width: 200 }} data-testid="grid-village" />
              </Form.Item>
              <Form.Item name="villageCode" label={g.fields.villageCode}>
                <Input maxLength={32} style={{ width: 160 }} data-testid="grid-village-code" />
              </Form.Item>
              <Form.Item name="gridWorkerId" label={g.fields.worker}>
                <Select
                  allowClear
                  style={{ width: 180 }}
                  placeholder={g.workerNone}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={people.filter((x) => x.active || x.id === current?.gridWorkerId).map((x) => ({ value: x.id, label: x.name, disabled: !x.active }))}
                  data-testid="grid-worker"
                />
              </Form.Item>
            </Space>
            <Form.Item name="geometry" label={g.fields.geometry} extra={current ? fill(g.geometryKeep, { shape: shapeText(current) }) : undefined} rules={geometryRules}>
              <Input.TextArea rows={5} placeholder={g.geometryPlaceholder} spellCheck={false} className="town-admin-geojson" data-testid="grid-geometry" />
            </Form.Item>
            <input
              ref={fileInput}
              type="file"
              accept=".geojson,.json,application/geo+json,application/json"
              style={{ display: 'none' }}
              tabIndex={-1}
              onChange={(e) => {
                void readFile(e.target.files?.[0]);
                e.target.value = '';
              }}
              data-testid="grid-geometry-file"
            />
            <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} data-testid="grid-geometry-upload">
              {g.upload}
            </Button>
          </>
        ),
      }}
    />
  );
}
