/**
 * 添加附件 on intake, a note and report-back: a button that opens the file chooser (keyboard: Tab to it,
 * Enter or Space), the chosen files listed with their size and a 移除 for each. Files over 20 MB or
 * empty are not chosen (said under the button); the type is checked by the core when they are sent.
 */
import { CloseOutlined, PaperClipOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useId, useRef, useState } from 'react';
import { fill } from '../../locales';
import { useAttachmentMessages } from './attachment-locales';
import { ATTACHMENT_MAX_BYTES, formatBytes } from './attachment-upload';
import './attachments.css';

export function AttachmentPicker({ files, onChange, disabled }: { files: readonly File[]; onChange(files: File[]): void; disabled?: boolean }) {
  const t = useAttachmentMessages();
  const input = useRef<HTMLInputElement>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const hintId = useId();

  const choose = (list: FileList | null): void => {
    const picked = [...(list ?? [])];
    const left: string[] = [];
    const kept = picked.filter((f) => {
      if (f.size > ATTACHMENT_MAX_BYTES) left.push(fill(t.tooLarge, { name: f.name }));
      else if (f.size === 0) left.push(fill(t.empty, { name: f.name }));
      else return true;
      return false;
    });
    setNotes(left);
    onChange([...files, ...kept]);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="attach-picker" data-testid="attach-picker">
      <div className="attach-picker-head">
        <Button icon={<PaperClipOutlined />} onClick={() => input.current?.click()} disabled={disabled} aria-describedby={hintId} data-testid="attach-choose">
          {files.length > 0 ? t.addMore : t.add}
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          className="attach-file-input"
          tabIndex={-1}
          aria-label={t.add}
          onChange={(e) => choose(e.target.files)}
          data-testid="attach-input"
        />
      </div>
      <span id={hintId} className="muted attach-hint">
        {t.hint}
      </span>
      {files.length > 0 && (
        <ul className="attach-chosen" data-testid="attach-chosen">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <PaperClipOutlined /> <span className="attach-name">{f.name}</span> <span className="muted num">{formatBytes(f.size)}</span>
              <Button
                type="text"
                size="small"
                icon={<CloseOutlined />}
                aria-label={fill(t.remove, { name: f.name })}
                onClick={() => onChange(files.filter((_, j) => j !== i))}
                disabled={disabled}
              />
            </li>
          ))}
        </ul>
      )}
      {notes.map((n) => (
        <div key={n} className="danger attach-note" role="alert">
          {n}
        </div>
      ))}
    </div>
  );
}
