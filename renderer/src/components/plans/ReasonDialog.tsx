/**
 * A one-line text asked before an action (a reason to skip or end, a note on completion, a drill's
 * scenario): Enter confirms, Esc closes. `required` keeps the button off until something is typed.
 */
import { Input, Modal } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ButtonProps, InputRef } from 'antd';

export interface ReasonDialogProps {
  title: string;
  placeholder: string;
  okText: string;
  required?: boolean;
  danger?: boolean;
  /** Shown above the input. */
  note?: ReactNode;
  initial?: string;
  maxLength?: number;
  testId: string;
  onConfirm(text: string): Promise<boolean | void> | boolean | void;
  onClose(): void;
}

export function ReasonDialog({ title, placeholder, okText, required, danger, note, initial = '', maxLength = 500, testId, onConfirm, onClose }: ReasonDialogProps) {
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const input = useRef<InputRef>(null);
  const ready = !required || text.trim().length > 0;

  useEffect(() => {
    const t = setTimeout(() => input.current?.focus(), 50);
    return () => clearTimeout(t);
  }, []);

  const confirm = async () => {
    if (!ready || busy) return;
    setBusy(true);
    try {
      const keepOpen = (await onConfirm(text.trim())) === false;
      if (!keepOpen) onClose();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ disabled: !ready, loading: busy, danger, 'data-testid': `${testId}-ok` } as ButtonProps}
      onOk={() => void confirm()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid={testId}>
        {note && <div className="plan-dialog-note">{note}</div>}
        <Input
          ref={input}
          value={text}
          maxLength={maxLength}
          placeholder={placeholder}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => void confirm()}
          data-testid={`${testId}-input`}
        />
      </div>
    </Modal>
  );
}
