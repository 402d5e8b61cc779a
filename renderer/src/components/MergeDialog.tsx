/**
 * 合并事件: the event is merged into another one of the town, with a reason (main/core/events/event-merge.ts).
 *
 * Before the person confirms, the dialog shows both events' timelines side by side (this one, the
 * target) and, when their categories differ, the warning 两事件事项不同：A / B with a box to tick
 * (a warning, not a refusal). The core's refusals (into itself, into a merged or closed event, across
 * towns, no reason) are shown as its Chinese sentence and nothing closes.
 *
 * Keys: Tab reaches every field and button; Ctrl+Enter confirms from the fields; Enter on × or 取消
 * only closes (they are buttons of their own), never confirms.
 */
import { Alert, Checkbox, Form, Input, Modal, Select, Spin } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { EventDetail, QueueRow } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useCommandId } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';
import { EventTimeline } from './EventTimeline';

interface Values {
  intoEventId?: string;
  text?: string;
  confirmDiffers?: boolean;
}

export function MergeDialog({ event, openEvents, onClose, onDone }: { event: EventDetail; openEvents: readonly QueueRow[]; onClose(): void; onDone(notice: string): void }) {
  const m = useMessages();
  const a = m.actionDialog;
  const d = m.mergeDialog;
  const desk = useDesk();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commandId = useCommandId();
  const intoEventId = Form.useWatch('intoEventId', form);
  const [target, setTarget] = useState<{ id: string; detail: EventDetail | null; error: string | null } | null>(null);

  useEffect(() => {
    if (!intoEventId) return;
    let alive = true;
    void api.events.get({ eventId: intoEventId }).then((r) => {
      if (!alive) return;
      setTarget({ id: intoEventId, detail: r.ok ? r.data : null, error: r.ok ? null : desk.describe(r.error) });
    });
    return () => {
      alive = false;
    };
  }, [intoEventId, desk]);

  const options = useMemo(() => {
    const others = openEvents.filter((r) => r.id !== event.id);
    const suggested = event.possibleDuplicateOf;
    const sorted = [...others].sort((x, y) => (x.id === suggested ? -1 : y.id === suggested ? 1 : 0));
    return sorted.slice(0, 500).map((r) => ({
      value: r.id,
      label: `${r.title} · ${r.categoryName} · ${r.gridName ?? ''} · ${nameOf(m.states, r.state)}${r.id === suggested ? ` ${a.suggested}` : ''}`,
    }));
  }, [openEvents, event.id, event.possibleDuplicateOf, m, a.suggested]);

  const into = target && target.id === intoEventId ? target : null;
  const differs = into?.detail && into.detail.categoryCode !== event.categoryCode ? { from: event.categoryName, into: into.detail.categoryName } : null;

  const submit = async (): Promise<void> => {
    if (busy) return;
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    const r = await api.events.merge({ eventId: event.id, intoEventId: values.intoEventId!, reason: values.text?.trim() ?? '', commandId, expectedVersion: event.version });
    setBusy(false);
    if (r.ok) onDone(fill(a.done, { action: nameOf(m.actions, 'merge') }));
    else if (r.error.code === 'unauthenticated') desk.report(r.error);
    else setError(desk.describe(r.error));
  };

  return (
    <Modal
      open
      title={fill(d.title, { title: event.title })}
      okText={d.ok}
      cancelText={a.cancel}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'action-ok' } as Record<string, string>}
      destroyOnHidden
      width={1040}
      style={{ top: 24 }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ intoEventId: event.possibleDuplicateOf ?? undefined }}
        requiredMark={false}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        data-testid="action-dialog"
      >
        <Form.Item name="intoEventId" label={a.target} rules={[{ required: true, message: a.chooseTarget }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={a.chooseTarget}
            options={options}
            data-testid="action-merge-target"
            autoFocus={!event.possibleDuplicateOf}
          />
        </Form.Item>
        <div className="merge-timelines" data-testid="merge-timelines">
          <section aria-label={d.thisEvent} data-testid="merge-from">
            <h4>
              {d.thisEvent}：{event.title} · {event.categoryName}
            </h4>
            <div className="merge-timeline-scroll">
              <EventTimeline entries={event.timeline} openEvents={openEvents} />
            </div>
          </section>
          <section aria-label={d.intoEvent} data-testid="merge-into">
            {into?.detail ? (
              <>
                <h4>
                  {d.intoEvent}：{into.detail.title} · {into.detail.categoryName}
                </h4>
                <div className="merge-timeline-scroll">
                  <EventTimeline entries={into.detail.timeline} openEvents={openEvents} />
                </div>
              </>
            ) : into?.error ? (
              <Alert type="error" showIcon title={into.error} />
            ) : intoEventId ? (
              <Spin aria-label={d.loading} />
            ) : (
              <p className="muted">{d.chooseFirst}</p>
            )}
          </section>
        </div>
        {differs && (
          <>
            <Alert type="warning" showIcon title={fill(d.categoryDiffers, differs)} data-testid="merge-category-warning" />
            <Form.Item
              name="confirmDiffers"
              valuePropName="checked"
              rules={[{ validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(d.confirmRequired))) }]}
              style={{ marginTop: 8 }}
            >
              <Checkbox data-testid="merge-confirm-differs">{d.confirmDiffers}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="text" label={d.reason} rules={[{ required: true, whitespace: true, message: m.errors.merge_reason_required }]}>
          <Input.TextArea autoFocus={!!event.possibleDuplicateOf} rows={2} maxLength={4000} showCount placeholder={d.reasonPlaceholder} data-testid="action-text" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="action-error" />}
      </Form>
    </Modal>
  );
}
