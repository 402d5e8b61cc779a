/**
 * 本镇数据导入 (系统设置, and the last step of the first start's set-up): download the templates, choose
 * the town's files, see the preview — counts, what is added, changed and deactivated, or every fault
 * as a table of 工作表 / 行 / 列 / 原因 — and apply it with one command id. The files go up in chunks
 * (the web console takes messages of at most 256 KiB); a file over the bound is refused before it is
 * sent. New accounts' one-time passwords are shown once, after the apply.
 */
import { CheckCircleOutlined, DownloadOutlined, FileAddOutlined, FileSearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useRef, useState, type HTMLAttributes } from 'react';
import type { ApiError } from '../../../../preload/contract';
import {
  IMPORT_CHUNK_BYTES,
  IMPORT_ENTITIES,
  IMPORT_KINDS,
  IMPORT_MAX_FILE_BYTES,
  IMPORT_MAX_FILES,
  type ImportApplied,
  type ImportChange,
  type ImportFault,
  type ImportKind,
  type ImportPreview,
} from '../../../../preload/contract/town-import-schemas';
import { api } from '../../api';
import { downloadFile } from '../../components/roster/files';
import { newCommandId, useIntentIds } from '../../lib/command-id';
import { errorText, fill, useMessages } from '../../locales';
import { useTownImportMessages } from './town-import-locales';
import './town-import.css';

const MB = IMPORT_MAX_FILE_BYTES / 1024 / 1024;
const PAGE = 8;

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type Filter = 'all' | ImportChange['change'];

export function TownImportPanel(props: { onApplied?: () => void }) {
  const t = useTownImportMessages();
  const m = useMessages();
  const intents = useIntentIds();
  const input = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<{ text: string; percent: number } | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [applied, setApplied] = useState<ImportApplied | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>('all');

  const failed = (e: ApiError): void => setError(fill(t.failed, { reason: errorText(m, e) }));

  /** Faults the renderer finds before sending anything: too many files, a file over the bound. */
  const localFaults = useMemo<ImportFault[]>(() => {
    const out: ImportFault[] = [];
    if (files.length > IMPORT_MAX_FILES)
      out.push({ file: files[IMPORT_MAX_FILES]!.name, sheet: null, row: null, column: null, value: null, reason: fill(t.tooMany, { max: IMPORT_MAX_FILES }) });
    for (const f of files) {
      if (f.size === 0) out.push({ file: f.name, sheet: null, row: null, column: null, value: null, reason: t.empty });
      if (f.size > IMPORT_MAX_FILE_BYTES)
        out.push({ file: f.name, sheet: null, row: null, column: null, value: null, reason: fill(t.tooBig, { size: (f.size / 1048576).toFixed(1), mb: MB }) });
    }
    return out;
  }, [files, t]);

  const choose = (chosen: FileList | null): void => {
    if (!chosen || chosen.length === 0) return;
    const byName = new Map(files.map((f) => [f.name, f]));
    for (const f of Array.from(chosen)) byName.set(f.name, f);
    setFiles([...byName.values()]);
    setPreview(null);
    setApplied(null);
    setError(null);
  };

  const remove = (name: string): void => {
    setFiles((list) => list.filter((f) => f.name !== name));
    setPreview(null);
    setError(null);
  };

  const clear = (): void => {
    setFiles([]);
    setPreview(null);
    setApplied(null);
    setError(null);
  };

  const runPreview = async (): Promise<void> => {
    if (files.length === 0 || localFaults.length > 0 || busy) return;
    setError(null);
    setPreview(null);
    setApplied(null);
    const total = files.reduce((n, f) => n + f.size, 0) || 1;
    let sent = 0;
    const ids: string[] = [];
    try {
      for (const [i, file] of files.entries()) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const uploadId = newCommandId();
        for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
          setBusy({ text: fill(t.uploading, { name: file.name, done: i + 1, total: files.length }), percent: Math.round((sent / total) * 90) });
          const chunk = bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES);
          const r = await api.town.importUpload({ uploadId, fileName: file.name, totalBytes: bytes.length, offset, dataBase64: base64(chunk) });
          if (!r.ok) return failed(r.error);
          sent += chunk.length;
        }
        ids.push(uploadId);
      }
      setBusy({ text: t.reading, percent: 95 });
      const r = await api.town.importPreview({ uploadIds: ids });
      if (!r.ok) return failed(r.error);
      setPreview(r.data);
      setFilter('all');
    } finally {
      setBusy(null);
    }
  };

  const apply = async (): Promise<void> => {
    const previewId = preview?.previewId;
    if (!previewId || busy) return;
    setError(null);
    setBusy({ text: t.applying, percent: 100 });
    const r = await intents.send(`apply:${previewId}`, (commandId) => api.town.importApply({ previewId, commandId }));
    setBusy(null);
    if (!r.ok) {
      // A stale or lost preview must be made again: its result is no longer shown.
      if (r.error.code === 'import_stale') setPreview(null);
      return failed(r.error);
    }
    setApplied(r.data);
    setPreview(null);
    setFiles([]);
    props.onApplied?.();
  };

  const template = async (kind: ImportKind): Promise<void> => {
    const r = await api.town.importTemplate({ kind });
    if (!r.ok) return failed(r.error);
    downloadFile(r.data);
  };

  const recognised = (name: string): ImportKind[] | null => preview?.files.find((f) => f.fileName === name)?.kinds ?? null;
  const faults = localFaults.length > 0 ? localFaults : (preview?.faults ?? []);
  const faultsTotal = localFaults.length > 0 ? localFaults.length : (preview?.faultsTotal ?? 0);
  const changes = (preview?.changes ?? []).filter((c) => filter === 'all' || c.change === filter);
  const entities = IMPORT_ENTITIES.filter((e) => preview?.counts[e]);

  const placeRow = (f: ImportFault): string => {
    if (f.row === null) return f.sheet ? t.wholeSheet : t.wholeFile;
    return f.sheet === 'GeoJSON' ? fill(t.featureRow, { row: f.row }) : String(f.row);
  };

  return (
    <Card className="settings-card town-import" title={t.title} data-testid="town-import-panel">
      <p className="town-import-intro muted">{t.intro}</p>
      <div className="town-import-row">
        <span className="town-import-label">{t.templates}</span>
        <Space wrap size={4}>
          {IMPORT_KINDS.map((kind) => (
            <Button key={kind} size="small" icon={<DownloadOutlined />} onClick={() => void template(kind)} data-testid={`town-import-template-${kind}`}>
              {t.kinds[kind]}
            </Button>
          ))}
        </Space>
      </div>
      <div className="town-import-hint muted">{t.templatesHint}</div>
      <div className="town-import-row">
        <Space wrap size={8}>
          <Button icon={<FileAddOutlined />} onClick={() => input.current?.click()} disabled={!!busy} data-testid="town-import-choose">
            {t.choose}
          </Button>
          <Button
            type="primary"
            icon={<FileSearchOutlined />}
            onClick={() => void runPreview()}
            disabled={files.length === 0 || localFaults.length > 0}
            loading={!!busy && !preview}
            data-testid="town-import-preview"
          >
            {t.preview}
          </Button>
          <Button onClick={clear} disabled={files.length === 0 || !!busy}>
            {t.clear}
          </Button>
        </Space>
        <input
          ref={input}
          type="file"
          multiple
          accept=".xlsx,.geojson,.json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/geo+json"
          style={{ display: 'none' }}
          data-testid="town-import-input"
          onChange={(e) => {
            choose(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      <div className="town-import-hint muted">{fill(t.chooseHint, { mb: MB, max: IMPORT_MAX_FILES })}</div>
      <div className="town-import-files" data-testid="town-import-files">
        {files.length === 0 && <span className="muted">{t.none}</span>}
        {files.map((f) => {
          const kinds = recognised(f.name);
          return (
            <Tag
              key={f.name}
              closable={!busy}
              onClose={(e) => {
                e.preventDefault();
                remove(f.name);
              }}
              closeIcon={<span aria-label={`${t.remove} ${f.name}`}>×</span>}
              color={kinds === null ? 'default' : kinds.length > 0 ? 'blue' : 'red'}
              data-testid="town-import-file"
            >
              {f.name}
              <span className="town-import-size">{(f.size / 1024).toFixed(f.size < 10240 ? 1 : 0)} KB</span>
              {kinds !== null && <span className="town-import-kinds">{kinds.length > 0 ? kinds.map((k) => t.kinds[k]).join('、') : t.notRecognised}</span>}
            </Tag>
          );
        })}
      </div>
      {busy && <Progress percent={busy.percent} size="small" status="active" format={() => busy.text} className="town-import-progress" data-testid="town-import-progress" />}
      {error && <Alert type="error" showIcon title={error} className="town-import-alert" data-testid="town-import-error" />}

      {faults.length > 0 && (
        <div data-testid="town-import-faults">
          <Alert
            type="error"
            showIcon
            className="town-import-alert"
            title={`${fill(t.faultsTitle, { count: faultsTotal })}${faultsTotal > faults.length ? fill(t.faultsMore, { shown: faults.length }) : ''}`}
          />
          <Table<ImportFault>
            size="small"
            rowKey={(f) => `${f.file}|${f.sheet}|${f.row}|${f.column}|${f.reason}`}
            dataSource={faults}
            pagination={faults.length > PAGE ? { pageSize: PAGE, showSizeChanger: false, size: 'small' } : false}
            columns={[
              { key: 'file', title: t.faultColumns.file, dataIndex: 'file', width: 150, ellipsis: true },
              { key: 'sheet', title: t.faultColumns.sheet, width: 90, render: (_, f) => f.sheet ?? '—' },
              { key: 'row', title: t.faultColumns.row, width: 90, render: (_, f) => <span className="num">{placeRow(f)}</span> },
              { key: 'column', title: t.faultColumns.column, width: 70, render: (_, f) => <span className="num">{f.column ?? '—'}</span> },
              { key: 'reason', title: t.faultColumns.reason, dataIndex: 'reason' },
              { key: 'value', title: t.faultColumns.value, width: 150, ellipsis: true, render: (_, f) => f.value ?? '' },
            ]}
            onRow={(f) => ({ 'data-testid': 'town-import-fault', 'data-cell': `${f.sheet ?? ''}!${f.column ?? ''}${f.row ?? ''}` }) as HTMLAttributes<HTMLElement>}
          />
        </div>
      )}

      {preview && preview.previewId && (
        <div data-testid="town-import-ready">
          <Alert
            type="success"
            showIcon
            className="town-import-alert"
            title={preview.changesTotal > 0 ? t.readyTitle : t.nothingToDo}
            action={
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                disabled={preview.changesTotal === 0}
                loading={!!busy}
                onClick={() => void apply()}
                data-testid="town-import-apply"
              >
                {t.apply}
              </Button>
            }
          />
          <div className="town-import-result">
            <div>
              <h4 className="settings-subtitle">{t.counts}</h4>
              <Table
                size="small"
                pagination={false}
                rowKey="entity"
                data-testid="town-import-counts"
                dataSource={entities.map((e) => ({ entity: e, ...preview.counts[e]! }))}
                columns={[
                  { key: 'entity', title: t.countColumns.entity, render: (_, r) => t.entities[r.entity] },
                  { key: 'added', title: t.countColumns.added, align: 'right', render: (_, r) => <span className="num town-import-added">{r.added}</span> },
                  { key: 'changed', title: t.countColumns.changed, align: 'right', render: (_, r) => <span className="num town-import-changed">{r.changed}</span> },
                  { key: 'deactivated', title: t.countColumns.deactivated, align: 'right', render: (_, r) => <span className="num town-import-deactivated">{r.deactivated}</span> },
                  { key: 'unchanged', title: t.countColumns.unchanged, align: 'right', render: (_, r) => <span className="num muted">{r.unchanged}</span> },
                ]}
                onRow={(r) => ({ 'data-entity': r.entity }) as HTMLAttributes<HTMLElement>}
              />
            </div>
            <div className="town-import-changes">
              <div className="town-import-changes-head">
                <h4 className="settings-subtitle">
                  {t.changes}
                  {preview.changesTotal > preview.changes.length && (
                    <span className="muted"> {fill(t.changesMore, { shown: preview.changes.length, total: preview.changesTotal })}</span>
                  )}
                </h4>
                <Segmented<Filter>
                  data-testid="town-import-filter"
                  size="small"
                  value={filter}
                  onChange={setFilter}
                  options={[
                    { value: 'all', label: t.filterAll },
                    { value: 'added', label: t.changeNames.added },
                    { value: 'changed', label: t.changeNames.changed },
                    { value: 'deactivated', label: t.changeNames.deactivated },
                  ]}
                />
              </div>
              <Table<ImportChange>
                size="small"
                data-testid="town-import-changes"
                rowKey={(c) => `${c.entity}|${c.code}|${c.change}`}
                dataSource={changes}
                pagination={changes.length > PAGE ? { pageSize: PAGE, showSizeChanger: false, size: 'small' } : false}
                columns={[
                  { key: 'entity', title: t.changeColumns.entity, width: 70, render: (_, c) => t.entities[c.entity] },
                  {
                    key: 'change',
                    title: t.changeColumns.change,
                    width: 70,
                    render: (_, c) => <Tag color={c.change === 'added' ? 'green' : c.change === 'changed' ? 'blue' : 'orange'}>{t.changeNames[c.change]}</Tag>,
                  },
                  { key: 'code', title: t.changeColumns.code, dataIndex: 'code', width: 130, ellipsis: true },
                  { key: 'name', title: t.changeColumns.name, dataIndex: 'name', width: 170, ellipsis: true },
                  { key: 'fields', title: t.changeColumns.fields, render: (_, c) => c.fields.join('；') },
                ]}
              />
            </div>
          </div>
        </div>
      )}

      {applied && (
        <div data-testid="town-import-applied">
          <Alert
            type="success"
            showIcon
            className="town-import-alert"
            title={
              applied.repeated
                ? t.appliedRepeat
                : fill(t.appliedTitle, {
                    summary: IMPORT_ENTITIES.filter((e) => applied.counts[e])
                      .map((e) => fill(t.summaryPart, { entity: t.entities[e], ...applied.counts[e]! }))
                      .join('；'),
                  })
            }
          />
          {applied.oneTimePasswords.length > 0 && (
            <>
              <h4 className="settings-subtitle">{t.passwordsTitle}</h4>
              <p className="muted town-import-hint">{t.passwordsHint}</p>
              <Table
                size="small"
                rowKey="username"
                data-testid="town-import-passwords"
                dataSource={applied.oneTimePasswords}
                pagination={applied.oneTimePasswords.length > PAGE ? { pageSize: PAGE, showSizeChanger: false, size: 'small' } : false}
                columns={[
                  { key: 'name', title: t.passwordColumns.name, dataIndex: 'name' },
                  { key: 'code', title: t.passwordColumns.code, dataIndex: 'code' },
                  { key: 'username', title: t.passwordColumns.username, dataIndex: 'username' },
                  {
                    key: 'password',
                    title: t.passwordColumns.password,
                    render: (_, p) => (
                      <Typography.Text copyable={{ text: p.oneTimePassword }} className="town-import-password">
                        {p.oneTimePassword}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </>
          )}
        </div>
      )}
    </Card>
  );
}
