/**
 * Taking in a phone call or a walk-in (`n`): the catalogue item by name or pinyin initials, the
 * level (the item's default), the grid, title, description, the caller; reports the event.
 */
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { pinyin } from 'pinyin-pro';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LEVELS, type CatalogueItem, type Level } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useCommandId } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';
import { LEVEL_COLORS } from '../theme';
import { useAttachmentDraft } from './attachments/use-attachment-draft';

interface Values {
  itemCode?: string;
  level: Level;
  gridCode?: string;
  title?: string;
  description?: string;
  callerName?: string;
  callerPhone?: string;
  source: 'phone' | 'walk_in';
}

function initials(text: string): string {
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
}

export function IntakeForm({ onClose, onReported }: { onClose(): void; onReported(eventId: string, title: string): void }) {
  const m = useMessages();
  const desk = useDesk();
  const [form] = Form.useForm<Values>();
  const [items, setItems] = useState<CatalogueItem[]>([]);
  const [chosen, setChosen] = useState<CatalogueItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The form is one intent: a second Enter, or a retry after a lost answer, reports one event.
  const commandId = useCommandId();
  // 添加附件 (#15): the files go up first (a program is refused before the event exists), then onto the new event.
  const draft = useAttachmentDraft(true, busy);
  const { message } = App.useApp();
  const searchSeq = useRef(0);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const f = m.intake;

  const search = (q: string): void => {
    if (searchTimer.current) clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      const seq = ++searchSeq.current;
      void api.catalogue.search({ q, limit: 30 }).then((r) => {
        if (seq === searchSeq.current && r.ok) setItems(r.data);
      });
    }, 80);
  };
  useEffect(() => {
    search('');
    return () => {
      if (searchTimer.current) clearTimeout(searchTimer.current);
      searchSeq.current += 1;
    };
  }, []);

  const grids = useMemo(
    () =>
      (desk.town?.grids ?? []).map((g) => ({
        value: g.code,
        label: `${g.name}（${g.code}）`,
        search: `${g.code} ${g.name} ${g.village} ${initials(g.name)}`.toLowerCase(),
      })),
    [desk.town],
  );

  const onItem = (code: string): void => {
    const item = items.find((i) => i.code === code) ?? null;
    setChosen(item);
    if (!item) return;
    form.setFieldsValue({ level: item.defaultLevel });
    if (!form.getFieldValue('title')) form.setFieldsValue({ title: item.name });
  };

  const submit = async (): Promise<void> => {
    if (busy) return;
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    const title = (v.title ?? '').trim();
    const result = await draft.around(
      () =>
        api.events.report({
          title,
          categoryCode: v.itemCode!,
          level: v.level,
          source: v.source,
          gridCode: v.gridCode || undefined,
          description: v.description?.trim() || undefined,
          callerName: v.callerName?.trim() || undefined,
          callerPhone: v.callerPhone?.trim() || undefined,
          commandId,
        }),
      (done) => done.data.eventId,
    );
    setBusy(false);
    if (result.ok && result.notice) void message.warning(result.notice);
    if (result.ok) onReported(result.data.eventId, title);
    else if (result.error.code === 'unauthenticated') desk.report(result.error);
    else setError(desk.describe(result.error));
  };

  return (
    <Modal open title={f.title} onCancel={onClose} footer={null} width={720} destroyOnHidden mask={{ closable: false }} style={{ top: 16 }} className="intake-modal">
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ level: 'general', source: 'phone' }}
        onFinish={() => void submit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        data-testid="intake-form"
      >
        <Form.Item name="itemCode" label={f.item} rules={[{ required: true, message: f.required }]}>
          <Select
            autoFocus
            showSearch={{ filterOption: false, onSearch: search }}
            placeholder={f.itemPlaceholder}
            onChange={onItem}
            options={items.map((i) => ({ value: i.code, label: `${i.name} · ${i.categoryName}` }))}
            data-testid="intake-item"
          />
        </Form.Item>
        {chosen && (
          <div className="intake-hint muted" data-testid="intake-standard">
            {fill(f.standard, { standard: chosen.standard })}
            {desk.post(chosen.leadPostId) && <span> · {fill(f.leadHint, { post: desk.post(chosen.leadPostId)!.name })}</span>}
          </div>
        )}
        <Space size="large" wrap className="intake-row">
          <Form.Item name="level" label={f.level}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="intake-level">
              {LEVELS.map((l) => (
                <Radio.Button key={l} value={l}>
                  <span className="level-dot" style={{ background: LEVEL_COLORS[l] }} />
                  {nameOf(m.levels, l)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item name="source" label={f.source}>
            <Radio.Group optionType="button" data-testid="intake-source">
              <Radio.Button value="phone">{m.sources.phone}</Radio.Button>
              <Radio.Button value="walk_in">{m.sources.walk_in}</Radio.Button>
            </Radio.Group>
          </Form.Item>
        </Space>
        <Form.Item name="gridCode" label={f.grid}>
          <Select
            allowClear
            showSearch={{ filterOption: (input, option) => (option?.search ?? '').includes(input.trim().toLowerCase()) }}
            placeholder={f.gridPlaceholder}
            options={grids}
            data-testid="intake-grid"
          />
        </Form.Item>
        <Form.Item name="title" label={f.eventTitle} rules={[{ required: true, whitespace: true, message: f.required }]}>
          <Input maxLength={200} data-testid="intake-title" />
        </Form.Item>
        <Form.Item name="description" label={f.description}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="intake-description" />
        </Form.Item>
        <Space size="large" className="intake-row">
          <Form.Item name="callerName" label={f.callerName}>
            <Input maxLength={64} style={{ width: 220 }} data-testid="intake-caller-name" />
          </Form.Item>
          <Form.Item name="callerPhone" label={f.callerPhone}>
            <Input maxLength={32} style={{ width: 220 }} data-testid="intake-caller-phone" />
          </Form.Item>
        </Space>
        {draft.picker}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="intake-error" />}
        <div className="modal-footer-row intake-actions">
          <Button onClick={onClose}>{f.cancel}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="intake-submit">
            {f.submit}
          </Button>
        </div>
      </Form>
    </Modal>
  );
}
