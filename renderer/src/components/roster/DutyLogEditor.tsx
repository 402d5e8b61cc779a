/** Editing one duty-log entry: its kind, text and time (Beijing time); Enter saves, Esc closes. */
import { Button, DatePicker, Form, Input, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { DUTY_LOG_KINDS, type DutyLogEntry, type DutyLogKind } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useCommandId } from '../../lib/command-id';
import { fromBeijingWallClock, toBeijingWallClock } from '../../lib/beijing-time';
import { nameOf, useMessages } from '../../locales';

interface EditForm {
  kind: DutyLogKind;
  text: string;
  at: Dayjs;
}

export function DutyLogEditor({ entry, onClose, onSaved }: { entry: DutyLogEntry; onClose(): void; onSaved(e: DutyLogEntry): void }) {
  const m = useMessages();
  const l = m.duty.log;
  const t = m.rosterAdmin.log;
  const desk = useDesk();
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);
  // The dialog is one intent: a double Enter saves once.
  const commandId = useCommandId();
  // The picker works in the workstation's zone; it is fed and read as the Beijing wall clock.
  const initialAt = dayjs(toBeijingWallClock(entry.at));

  const save = async (v: EditForm) => {
    const at = fromBeijingWallClock(v.at.format('YYYY-MM-DDTHH:mm:ss'));
    setSaving(true);
    const res = await api.dutyLog.edit({
      entryId: entry.id,
      kind: v.kind !== entry.kind ? v.kind : undefined,
      text: v.text.trim() !== entry.text ? v.text.trim() : undefined,
      at: v.at.isSame(initialAt, 'minute') ? undefined : at,
      commandId,
    });
    setSaving(false);
    if (res.ok) onSaved(res.data);
    else desk.report(res.error);
  };

  return (
    <Modal open title={t.editTitle} onCancel={onClose} footer={null} width={600} destroyOnHidden>
      <Form<EditForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: entry.kind, text: entry.text, at: initialAt }}
        onFinish={(v) => void save(v)}
        data-testid="log-edit-form"
      >
        <Space align="start">
          <Form.Item name="kind" label={l.kind}>
            <Select style={{ width: 110 }} options={DUTY_LOG_KINDS.map((k) => ({ value: k, label: nameOf(l.kinds, k) }))} data-testid="log-edit-kind" />
          </Form.Item>
          <Form.Item name="at" label={l.at} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} data-testid="log-edit-at" />
          </Form.Item>
        </Space>
        <Form.Item name="text" label={l.text} rules={[{ required: true, whitespace: true, message: m.actionDialog.required }]}>
          <Input.TextArea
            maxLength={4000}
            autoFocus
            autoSize={{ minRows: 2, maxRows: 8 }}
            onPressEnter={(e) => {
              // Enter saves; Shift+Enter starts a new line.
              if (e.shiftKey || e.nativeEvent.isComposing) return;
              e.preventDefault();
              form.submit();
            }}
            data-testid="log-edit-text"
          />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="log-edit-save">
            {t.save}
          </Button>
          <Button onClick={onClose}>{m.actionDialog.cancel}</Button>
        </Space>
      </Form>
    </Modal>
  );
}
