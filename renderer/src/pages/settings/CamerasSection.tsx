/**
 * 系统设置 → 摄像头 (the administrator's; issue #18): the camera register — code, name, place, grid,
 * stream addresses, enabled — listed, added and edited in a dialog (Tab moves, Enter saves, Esc
 * closes), disabled and enabled again, and imported from a camera workbook (a refused workbook lists
 * each fault at its sheet, row and column; nothing is imported). Every change is a kernel command,
 * audited without credentials and sent to the district; the list follows the `town` feed.
 */
import { UploadOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useRef, useState } from 'react';
import { CAMERA_IMPORT_MAX_BYTES, type CameraAdmin, type CameraImportFault } from '../../../../preload/contract/camera-schemas';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { fill } from '../../locales';
import { cameraErrorText, useCameraMessages } from './camera-locales';
import { CameraLinkageSettings } from './CameraLinkageSettings';
import { useAdminDialog, useAdminReport } from './town-admin-shared';
import { TownAdminTable } from './TownAdminTable';

interface CameraForm {
  code: string;
  name: string;
  lng: number;
  lat: number;
  gridCode: string;
  hlsUrl?: string;
  flvUrl?: string;
  whepUrl?: string;
  snapshotUrl?: string;
}

type CameraRow = CameraAdmin & { active: boolean };

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const loadCameras = () => api.cameras.list({});
const blank = (v: string | undefined): string | null => (v && v.trim() ? v.trim() : null);

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function CamerasSection() {
  const t = useCameraMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const adminReport = useAdminReport();
  const [cameras, setCameras] = useState<CameraRow[]>([]);
  const reload = useFeedLoad(loadCameras, { apply: (r) => (r.ok ? setCameras(r.data.map((c) => ({ ...c, active: c.enabled }))) : desk.report(r.error)), feed: { town: true } });
  const dialog = useAdminDialog<CameraRow, CameraForm>();
  const { editing, setEditing, setSaving, form } = dialog;
  const intents = useIntentIds();
  const [faults, setFaults] = useState<CameraImportFault[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const grids = desk.town?.grids ?? [];

  const report = (error: Parameters<typeof adminReport>[0]): void => {
    const text = cameraErrorText(t, error);
    if (text === null) return adminReport(error);
    void message.error({ content: <span data-testid="camera-refusal">{text}</span>, duration: 8 });
  };

  const open = (c: CameraRow | 'new'): void => {
    setEditing(c);
    form.setFieldsValue(
      c === 'new'
        ? { code: '', name: '', lng: undefined, lat: undefined, gridCode: undefined, hlsUrl: '', flvUrl: '', whepUrl: '', snapshotUrl: '' }
        : {
            code: c.code,
            name: c.name,
            lng: c.lng,
            lat: c.lat,
            gridCode: c.gridCode,
            hlsUrl: c.hlsUrl ?? '',
            flvUrl: c.flvUrl ?? '',
            whepUrl: c.whepUrl ?? '',
            snapshotUrl: c.snapshotUrl ?? '',
          },
    );
  };

  const save = async (v: CameraForm): Promise<void> => {
    if (!editing) return;
    const fields = {
      code: editing === 'new' ? v.code.trim() : editing.code,
      name: v.name.trim(),
      lng: Number(v.lng),
      lat: Number(v.lat),
      gridCode: v.gridCode,
      hlsUrl: blank(v.hlsUrl),
      flvUrl: blank(v.flvUrl),
      whepUrl: blank(v.whepUrl),
      snapshotUrl: blank(v.snapshotUrl),
    };
    setSaving(true);
    const r =
      editing === 'new'
        ? await intents.send('add', (commandId) => api.cameras.add({ ...fields, commandId }))
        : await intents.send(`edit:${editing.code}`, (commandId) => api.cameras.edit({ ...fields, commandId }));
    setSaving(false);
    if (!r.ok) return report(r.error);
    setEditing(null);
    reload();
    void message.success(fill(editing === 'new' ? t.added : t.edited, { name: fields.name }));
  };

  const importFile = async (file: File): Promise<void> => {
    setFaults(null);
    if (file.size > CAMERA_IMPORT_MAX_BYTES) {
      void message.error(t.importTooLarge);
      return;
    }
    const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
    const r = await api.cameras.import({ fileName: file.name, base64 });
    if (!r.ok) return report(r.error);
    if (r.data.faults.length > 0) return setFaults(r.data.faults);
    reload();
    void message.success(fill(t.imported, { added: r.data.added, changed: r.data.changed, unchanged: r.data.unchanged }));
  };

  const streams = (c: CameraAdmin): string =>
    [c.hlsUrl ? 'HLS' : null, c.flvUrl ? 'FLV' : null, c.whepUrl ? 'WebRTC' : null, c.snapshotUrl ? t.fields.snapshotUrl : null].filter(Boolean).join(' · ') || t.noStream;

  return (
    <Space orientation="vertical" size={12} className="settings-stack">
      <TownAdminTable<CameraRow, CameraForm>
        ids={{ name: 'cameras', item: 'camera' }}
        words={t}
        matches={(x, text, lower) => x.code.toLowerCase().includes(lower) || x.name.includes(text) || x.gridCode.toLowerCase().includes(lower) || (x.gridName ?? '').includes(text)}
        rows={cameras}
        rowKey={(x) => x.code}
        rowData={(x) => ({ 'data-code': x.code })}
        columns={[
          { key: 'code', title: t.columns.code, width: 120, render: (_, x) => <code className="settings-path">{x.code}</code> },
          { key: 'name', title: t.columns.name, width: 150, render: (_, x) => x.name },
          { key: 'grid', title: t.columns.grid, width: 150, render: (_, x) => x.gridName ?? `${x.gridCode}${t.gridGone}` },
          { key: 'place', title: t.columns.place, width: 150, render: (_, x) => <span className="num">{`${x.lng.toFixed(5)}, ${x.lat.toFixed(5)}`}</span> },
          { key: 'streams', title: t.columns.streams, width: 160, render: (_, x) => streams(x) },
        ]}
        onOpen={open}
        setActive={(x, enabled) => api.cameras.setEnabled({ code: x.code, enabled })}
        reload={reload}
        dialog={{
          state: dialog,
          onFinish: (v) => void save(v),
          width: 640,
          children: (
            <>
              <Space size={12} className="town-admin-row">
                <Form.Item name="code" label={t.fields.code} extra={t.codeHint} rules={[{ required: true, pattern: CODE, message: t.codeRequired }]}>
                  <Input maxLength={32} style={{ width: 200 }} autoFocus disabled={editing !== 'new'} data-testid="camera-code" />
                </Form.Item>
                <Form.Item name="name" label={t.fields.name} rules={[{ required: true, whitespace: true, message: t.nameRequired }]}>
                  <Input maxLength={40} style={{ width: 300 }} data-testid="camera-name" />
                </Form.Item>
              </Space>
              <Space size={12} className="town-admin-row">
                <Form.Item name="lng" label={t.fields.lng} rules={[{ required: true, message: t.lngRequired }]}>
                  <InputNumber style={{ width: 150 }} step={0.0001} data-testid="camera-lng" />
                </Form.Item>
                <Form.Item name="lat" label={t.fields.lat} rules={[{ required: true, message: t.latRequired }]}>
                  <InputNumber style={{ width: 150 }} step={0.0001} data-testid="camera-lat" />
                </Form.Item>
                <Form.Item name="gridCode" label={t.fields.gridCode} rules={[{ required: true, message: t.gridRequired }]}>
                  <Select
                    style={{ width: 240 }}
                    showSearch={{ optionFilterProp: 'label' }}
                    options={grids.map((g) => ({ value: g.code, label: `${g.name}（${g.code}）` }))}
                    data-testid="camera-grid"
                  />
                </Form.Item>
              </Space>
              <div className="muted">{t.streamHint}</div>
              <Space size={12} className="town-admin-row">
                <Form.Item name="hlsUrl" label={t.fields.hlsUrl}>
                  <Input maxLength={1000} style={{ width: 290 }} placeholder="https://…/live/xxx.m3u8" data-testid="camera-hls" />
                </Form.Item>
                <Form.Item name="flvUrl" label={t.fields.flvUrl}>
                  <Input maxLength={1000} style={{ width: 290 }} placeholder="https://…/live/xxx.flv" data-testid="camera-flv" />
                </Form.Item>
              </Space>
              <Space size={12} className="town-admin-row">
                <Form.Item name="whepUrl" label={t.fields.whepUrl}>
                  <Input maxLength={1000} style={{ width: 290 }} data-testid="camera-whep" />
                </Form.Item>
                <Form.Item name="snapshotUrl" label={t.fields.snapshotUrl}>
                  <Input maxLength={1000} style={{ width: 290 }} data-testid="camera-snapshot" />
                </Form.Item>
              </Space>
            </>
          ),
        }}
      />
      <div className="town-admin-toolbar">
        <Button icon={<UploadOutlined />} onClick={() => fileInput.current?.click()} data-testid="camera-import">
          {t.importButton}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".xlsx"
          hidden
          data-testid="camera-import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <span className="muted">{t.importHint}</span>
      </div>
      {faults && (
        <Alert
          type="error"
          showIcon
          data-testid="camera-import-faults"
          title={fill(t.importFaults, { count: faults.length })}
          description={
            <ul>
              {faults.slice(0, 50).map((f, i) => (
                <li key={i}>
                  {f.row !== null ? fill(t.faultAt, { sheet: f.sheet ?? '', row: f.row, column: f.column ?? '' }) : `${t.faultFile} ${f.file}`}：{f.reason}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {/* 联动 (linkage): the count, radius and duration */}
      <CameraLinkageSettings />
    </Space>
  );
}
