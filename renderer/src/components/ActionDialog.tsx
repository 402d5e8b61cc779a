/**
 * The dialog behind each action button of the event detail: asks for what the action needs (a
 * post, a result, a reason, a target event, a date) and calls the matching command. A refusal is
 * shown in the dialog as a sentence and nothing closes.
 *
 * The dialog is one intent: its command id is made when it opens and sent with every confirm, and
 * every command carries the version of the event the person was looking at (`expectedVersion`), so
 * a change made by someone else in between is refused (`superseded`) instead of acted over.
 */
import { Alert, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { RESULT_BLANK } from '../../../preload/contract/answer-template';
import type { ApiError, EventDetail, Level, QueueRow } from '../../../preload/contract';
import { api } from '../api';
import { useDesk } from '../context/Desk';
import { useServerClock } from '../context/ServerClock';
import { fromBeijingWallClock, toBeijingWallClock } from '../lib/beijing-time';
import { useCommandId } from '../lib/command-id';
import { fill, nameOf, useMessages } from '../locales';
import { useAnswerText } from './answer-text';
import { useAttachmentDraft } from './attachments/use-attachment-draft';
import { MergeDialog } from './MergeDialog';
import { ReclassifyFields } from './ReclassifyFields';

/** Actions of `allowedActions` handled here (dispatch has its own panel). */
export type DialogAction =
  | 'accept'
  | 'acknowledge'
  | 'arrive'
  | 'report_back'
  | 'verify'
  | 'reject'
  | 'close'
  | 'return'
  | 'escalate'
  | 'invalid'
  | 'merge'
  | 'note'
  | 'extend'
  | 'reclassify'
  | 'hold'
  | 'release'
  | 'reopen';

interface Values {
  postId?: string;
  text?: string;
  until?: Dayjs;
  intoEventId?: string;
  categoryCode?: string;
  level?: Level;
  reviewBy?: Dayjs;
}

type Outcome = { ok: true; notice?: string } | { ok: false; error: ApiError };

interface ActionDialogProps {
  action: DialogAction;
  event: EventDetail;
  openEvents: readonly QueueRow[];
  onClose(): void;
  onDone(notice: string): void;
}

/** 合并 has a dialog of its own (MergeDialog: its reason, both timelines, the category warning). */
export function ActionDialog(props: ActionDialogProps) {
  return props.action === 'merge' ? <MergeDialog {...props} /> : <ActionForm {...props} />;
}

function ActionForm({ action, event, onClose, onDone }: ActionDialogProps) {
  const m = useMessages();
  const desk = useDesk();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const commandId = useCommandId();
  // 添加附件 on a note and on report-back (#15): sent up first, attached once the action is done.
  const draft = useAttachmentDraft(action === 'note' || action === 'report_back', busy);
  const categoryCode = Form.useWatch('categoryCode', form);
  // The desk's time (the server's; in a drill the manual clock's): a review date counts from its today.
  const { now } = useServerClock();
  const a = m.actionDialog;
  // 办结反馈 / 办结 open with the item's 答复模板 filled from the event (#15); the officer edits it.
  const answer = useAnswerText(action, event);
  const textArea = useRef<TextAreaRef>(null);
  useEffect(() => {
    if (!answer || form.isFieldTouched('text')) return;
    form.setFieldsValue({ text: answer });
    // The blank for the result is selected: typing replaces it.
    const at = answer.indexOf(RESULT_BLANK);
    const frame = requestAnimationFrame(() => {
      const el = textArea.current?.resizableTextArea?.textArea;
      if (!el || at < 0) return;
      el.focus();
      el.setSelectionRange(at, at + RESULT_BLANK.length);
    });
    return () => cancelAnimationFrame(frame);
  }, [answer, form]);

  const active = event.assignments.filter((x) => x.active);
  const postChoices = useMemo(() => {
    if (action === 'acknowledge') return active.filter((x) => !x.acknowledgedAt);
    if (action === 'arrive') return active.filter((x) => !x.arrivedAt);
    return active;
  }, [action, active]);

  const textField: { name: string; label: string } | null = (() => {
    switch (action) {
      case 'report_back':
      case 'close':
        return { name: 'result', label: a.result };
      case 'reject':
      case 'return':
      case 'escalate':
      case 'invalid':
      case 'extend':
      case 'reclassify':
      case 'hold':
      case 'release':
      case 'reopen':
        return { name: 'reason', label: a.reason };
      case 'note':
        return { name: 'text', label: a.text };
      default:
        return null;
    }
  })();
  const needsPost = action === 'acknowledge' || action === 'arrive';
  const optionalPost = action === 'note' || action === 'extend';

  const initial: Values = {
    postId: needsPost && postChoices.length > 0 ? (postChoices.find((x) => x.role === 'lead')?.postId ?? postChoices[0]!.postId) : undefined,
    categoryCode: action === 'reclassify' ? event.categoryCode : undefined,
    level: action === 'reclassify' ? event.level : undefined,
    reviewBy: action === 'hold' ? dayjs(toBeijingWallClock(now + 7 * 86400_000)).startOf('day') : undefined,
    until: action === 'extend' ? dayjs(toBeijingWallClock(Date.parse(event.clocks.find((c) => c.kind === 'resolve')?.dueAt ?? event.reportedAt) + 86400_000)) : undefined,
  };

  const run = async (values: Values): Promise<Outcome> => {
    const eventId = event.id;
    const meta = { commandId, expectedVersion: event.version };
    const text = values.text?.trim() ?? '';
    const wrap = async (p: Promise<{ ok: true } | { ok: false; error: ApiError }>): Promise<Outcome> => {
      const r = await p;
      return r.ok ? { ok: true } : r;
    };
    switch (action) {
      case 'accept':
        return wrap(api.events.accept({ eventId, ...meta }));
      case 'acknowledge':
        return wrap(api.events.acknowledge({ eventId, postId: values.postId!, ...meta }));
      case 'arrive':
        return wrap(api.events.arrive({ eventId, postId: values.postId!, ...meta }));
      case 'report_back':
        return wrap(api.events.reportBack({ eventId, result: text, ...meta }));
      case 'verify':
        return wrap(api.events.verify({ eventId, ...meta }));
      case 'reject':
        return wrap(api.events.reject({ eventId, reason: text, ...meta }));
      case 'close':
        return wrap(api.events.close({ eventId, result: text, ...meta }));
      case 'return': {
        const r = await api.events.requestReturn({ eventId, reason: text, ...meta });
        if (!r.ok) return r;
        return { ok: true, notice: r.data.approvalId ? a.returnPending : undefined };
      }
      case 'escalate':
        return wrap(api.events.escalate({ eventId, reason: text, ...meta }));
      case 'invalid':
        return wrap(api.events.markInvalid({ eventId, reason: text, ...meta }));
      case 'merge':
        // Not reached: ActionDialog opens MergeDialog for a merge.
        return wrap(api.events.merge({ eventId, intoEventId: values.intoEventId!, reason: text, ...meta }));
      case 'note':
        return wrap(api.events.note({ eventId, text, postId: values.postId || undefined, ...meta }));
      case 'extend': {
        const until = fromBeijingWallClock(values.until!.format('YYYY-MM-DDTHH:mm:ss'));
        const r = await api.events.requestExtension({ eventId, until, reason: text, postId: values.postId || undefined, ...meta });
        return r.ok ? { ok: true, notice: a.extendPending } : r;
      }
      case 'reclassify':
        return wrap(api.events.reclassify({ eventId, categoryCode: values.categoryCode!, level: values.level!, reason: text, ...meta }));
      case 'hold': {
        const r = await api.events.requestHold({ eventId, reason: text, reviewBy: values.reviewBy!.format('YYYY-MM-DD'), ...meta });
        if (!r.ok) return r;
        return { ok: true, notice: r.data.approvalId ? m.life.holdPending : undefined };
      }
      case 'release':
        return wrap(api.events.release({ eventId, reason: text, ...meta }));
      case 'reopen':
        return wrap(api.events.reopen({ eventId, reason: text, ...meta }));
      default: {
        const never: never = action;
        throw new Error(`unhandled action ${String(never)}`);
      }
    }
  };

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
    const outcome = await draft.around(
      () => run(values),
      () => event.id,
    );
    setBusy(false);
    if (outcome.ok) onDone(outcome.notice ?? fill(a.done, { action: nameOf(m.actions, action) }));
    else if (outcome.error.code === 'unauthenticated') desk.report(outcome.error);
    else setError(desk.describe(outcome.error));
  };

  const confirmText = action === 'verify' ? a.confirmVerify : action === 'accept' ? a.confirmAccept : null;

  return (
    <Modal
      open
      title={`${nameOf(m.actions, action)} · ${event.title}`}
      okText={a.ok}
      cancelText={a.cancel}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'action-ok' } as Record<string, string>}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={false}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void submit();
          }
        }}
        onFinish={() => void submit()}
        data-testid="action-dialog"
      >
        {confirmText && <p>{confirmText}</p>}
        {needsPost && (
          <Form.Item name="postId" label={a.post} rules={[{ required: true, message: a.required }]}>
            <Select
              placeholder={a.choosePost}
              options={postChoices.map((x) => ({
                value: x.postId,
                label: `${x.postName}（${x.role === 'lead' ? m.detail.lead : m.detail.cooperating}）${x.personName ? ` · ${x.personName}` : ''}`,
              }))}
              data-testid="action-post"
            />
          </Form.Item>
        )}
        {optionalPost && active.length > 0 && (
          <Form.Item name="postId" label={a.optionalPost}>
            <Select allowClear placeholder={a.choosePost} options={active.map((x) => ({ value: x.postId, label: x.postName }))} />
          </Form.Item>
        )}
        {action === 'reclassify' && <ReclassifyFields event={event} categoryCode={categoryCode} required={a.required} />}
        {action === 'hold' && (
          <>
            <p className="muted">{m.life.holdHint}</p>
            <Form.Item name="reviewBy" label={m.life.reviewDate} rules={[{ required: true, message: a.required }]}>
              <DatePicker format="YYYY-MM-DD" style={{ width: '100%' }} data-testid="hold-review-by" />
            </Form.Item>
          </>
        )}
        {action === 'release' && <p className="muted">{m.life.releaseHint}</p>}
        {event.carriedOver && (action === 'report_back' || action === 'escalate') && (
          <p className="muted" data-testid="releases-hold">
            {m.life.releasesHold}
          </p>
        )}
        {action === 'reopen' && <p className="muted">{m.followUp.reopenHint}</p>}
        {action === 'extend' && (
          <Form.Item name="until" label={a.until} rules={[{ required: true, message: a.required }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
          </Form.Item>
        )}
        {textField && (
          <Form.Item
            name="text"
            label={textField.label}
            extra={answer ? a.templateFilled : undefined}
            rules={[
              { required: true, whitespace: true, message: a.required },
              {
                validator: (_, value: unknown) =>
                  answer !== null && typeof value === 'string' && value.includes(RESULT_BLANK)
                    ? Promise.reject(new Error(fill(a.resultBlank, { blank: RESULT_BLANK })))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input.TextArea ref={textArea} autoFocus rows={answer ? 6 : 4} maxLength={4000} showCount data-testid="action-text" />
          </Form.Item>
        )}
        {draft.picker}
        {error && <Alert type="error" showIcon title={error} data-testid="action-error" />}
      </Form>
    </Modal>
  );
}
