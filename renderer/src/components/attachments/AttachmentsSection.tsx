/**
 * 附件 in the event detail (issue #15): every `attach` of the timeline, newest last — pictures as
 * thumbnails (their bytes through `blobs:open`, shown from a blob: URL; the console's CSP allows
 * `img-src blob:` and nothing remote), other files by name and size with 下载; a file this console
 * cannot have now reads 附件暂不可用（why） and the rest of the page goes on. 添加附件 attaches at once
 * (any state but invalid and merged: when the server lists `attach` among the allowed actions).
 */
import { DownloadOutlined, FileOutlined, PaperClipOutlined } from '@ant-design/icons';
import { App, Button, Modal, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { EventDetail, TimelineEntry } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { fill } from '../../locales';
import { downloadFile } from '../roster/files';
import { useAttachmentMessages, type AttachmentMessages } from './attachment-locales';
import { attachStaged, formatBytes, stageFiles } from './attachment-upload';
import './attachments.css';

const IMAGE_MIMES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export interface AttachmentItem {
  readonly sha256: string;
  readonly name: string;
  readonly mime: string;
  readonly bytes: number;
  readonly at: string;
  readonly by: string | null;
}

/** The attachments an event's timeline names (an op from elsewhere with a bad payload is left out). */
export function attachmentsOf(timeline: readonly TimelineEntry[]): AttachmentItem[] {
  return timeline
    .filter((t) => t.action === 'attach' && typeof t.payload.sha256 === 'string' && /^[0-9a-f]{64}$/.test(t.payload.sha256))
    .map((t) => ({
      sha256: String(t.payload.sha256),
      name: typeof t.payload.name === 'string' ? t.payload.name : String(t.payload.sha256).slice(0, 12),
      mime: typeof t.payload.mime === 'string' ? t.payload.mime : 'application/octet-stream',
      bytes: typeof t.payload.bytes === 'number' ? t.payload.bytes : 0,
      at: t.at,
      by: t.actorName,
    }));
}

type Opened = { state: 'loading' } | { state: 'ok'; url: string; dataBase64: string } | { state: 'missing'; reason: string };

/** Opens a blob: its bytes (and a blob: URL, revoked when the component goes), or why not. */
function useOpened(item: AttachmentItem, want: boolean): Opened {
  const key = want ? item.sha256 : null;
  const [result, setResult] = useState<{ key: string; opened: Opened } | null>(null);
  useEffect(() => {
    if (!key) return;
    let alive = true;
    let url: string | null = null;
    const done = (opened: Opened): void => {
      if (alive) setResult({ key, opened });
    };
    void api.blobs.open({ sha256: item.sha256, name: item.name, mime: item.mime }).then(
      (r) => {
        if (!r.ok) return done({ state: 'missing', reason: 'unreachable' });
        if (r.data.missing) return done({ state: 'missing', reason: r.data.reason });
        if (!alive) return;
        const binary = atob(r.data.dataBase64);
        const bytes = new Uint8Array(binary.length);
        for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
        url = URL.createObjectURL(new Blob([bytes], { type: item.mime }));
        done({ state: 'ok', url, dataBase64: r.data.dataBase64 });
      },
      () => done({ state: 'missing', reason: 'unreachable' }),
    );
    return () => {
      alive = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [key, item.sha256, item.name, item.mime]);
  return result && result.key === key ? result.opened : { state: 'loading' };
}

const missingText = (t: AttachmentMessages, reason: string): string => fill(t.missing, { reason: t.reasons[reason] ?? t.reasons.unreachable! });

function Thumbnail({ item }: { item: AttachmentItem }) {
  const t = useAttachmentMessages();
  const opened = useOpened(item, true);
  const [big, setBig] = useState(false);
  return (
    <figure className="attach-thumb" data-testid="attachment-thumb" data-sha256={item.sha256} data-state={opened.state}>
      {opened.state === 'ok' ? (
        <button type="button" className="attach-thumb-frame" onClick={() => setBig(true)} title={item.name}>
          <img src={opened.url} alt={fill(t.thumbAlt, { name: item.name })} />
        </button>
      ) : opened.state === 'loading' ? (
        <div className="attach-thumb-frame" aria-busy="true">
          <Spin size="small" />
        </div>
      ) : (
        <div className="attach-thumb-frame attach-missing" data-testid="attachment-missing">
          {missingText(t, opened.reason)}
        </div>
      )}
      <figcaption title={item.name}>
        {item.name} <span className="muted num">{formatBytes(item.bytes)}</span>
      </figcaption>
      {big && opened.state === 'ok' && (
        <Modal
          open
          title={item.name}
          footer={null}
          onCancel={() => setBig(false)}
          width={900}
          className="attach-preview"
          // Its keys stay in it: Escape closes the picture, not the event detail behind it (the desk's keys listen on window).
          modalRender={(node) => (
            <div
              onKeyDown={(e) => {
                e.nativeEvent.stopPropagation();
                if (e.key === 'Escape') setBig(false);
              }}
            >
              {node}
            </div>
          )}
        >
          <img src={opened.url} alt={fill(t.thumbAlt, { name: item.name })} />
        </Modal>
      )}
    </figure>
  );
}

function FileLine({ item }: { item: AttachmentItem }) {
  const t = useAttachmentMessages();
  const [want, setWant] = useState(false);
  const opened = useOpened(item, want);
  const asked = useRef(false);
  useEffect(() => {
    if (want && opened.state === 'ok' && asked.current) {
      asked.current = false;
      downloadFile({ fileName: item.name, mimeType: item.mime, dataBase64: opened.dataBase64 });
    }
  }, [want, opened, item.name, item.mime]);
  return (
    <li data-testid="attachment-file" data-sha256={item.sha256}>
      <FileOutlined />
      <span className="attach-name" title={item.name}>
        {item.name}
      </span>
      <span className="muted num">{formatBytes(item.bytes)}</span>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={want && opened.state === 'loading'}
        onClick={() => {
          asked.current = true;
          if (want && opened.state === 'ok') {
            asked.current = false;
            downloadFile({ fileName: item.name, mimeType: item.mime, dataBase64: opened.dataBase64 });
          } else setWant(true);
        }}
      >
        {t.download}
      </Button>
      {want && opened.state === 'missing' && (
        <span className="attach-missing" data-testid="attachment-missing">
          {missingText(t, opened.reason)}
        </span>
      )}
    </li>
  );
}

export function AttachmentsSection({ detail }: { detail: EventDetail }) {
  const t = useAttachmentMessages();
  const desk = useDesk();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const items = attachmentsOf(detail.timeline);
  const canAttach = detail.allowedActions.includes('attach');
  if (items.length === 0 && !canAttach) return null;
  const pictures = items.filter((i) => IMAGE_MIMES.has(i.mime));
  const files = items.filter((i) => !IMAGE_MIMES.has(i.mime));

  const add = async (list: FileList | null): Promise<void> => {
    const chosen = [...(list ?? [])];
    if (input.current) input.current.value = '';
    if (chosen.length === 0) return;
    setError(null);
    const staged = await stageFiles(chosen, (name, done) => setBusy(fill(t.uploading, { name, done: done + 1, total: chosen.length })));
    if (!staged.ok) {
      setBusy(null);
      setError(`${staged.name}：${desk.describe(staged.error)}`);
      return;
    }
    const r = await attachStaged(detail.id, staged.staged);
    setBusy(null);
    if (r.ok) void message.success(fill(t.attached, { n: r.data.n }));
    else setError(desk.describe(r.error));
  };

  return (
    <section className="detail-section" data-testid="detail-attachments">
      <h3>
        <PaperClipOutlined /> {t.title}
        {items.length > 0 && <span className="muted"> （{items.length}）</span>}
      </h3>
      {pictures.length > 0 && (
        <div className="attach-thumbs">
          {pictures.map((i) => (
            <Thumbnail key={`${i.sha256}-${i.at}`} item={i} />
          ))}
        </div>
      )}
      {files.length > 0 && (
        <ul className="attach-files">
          {files.map((i) => (
            <FileLine key={`${i.sha256}-${i.at}`} item={i} />
          ))}
        </ul>
      )}
      {items.length === 0 && <div className="muted">{t.none}</div>}
      {canAttach && (
        <div className="attach-picker-head" style={{ marginTop: 8 }}>
          <Button size="small" icon={<PaperClipOutlined />} onClick={() => input.current?.click()} loading={busy !== null} data-testid="detail-attach">
            {t.add}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            className="attach-file-input"
            tabIndex={-1}
            aria-label={t.add}
            onChange={(e) => void add(e.target.files)}
            data-testid="detail-attach-input"
          />
          {busy && <span className="muted">{busy}</span>}
        </div>
      )}
      {error && (
        <div className="danger attach-note" role="alert" data-testid="detail-attach-error">
          {error}
        </div>
      )}
    </section>
  );
}
