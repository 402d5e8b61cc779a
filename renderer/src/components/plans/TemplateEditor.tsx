/**
 * The plan editor: name, kind and description; triggers (catalogue categories from a level up, a
 * sensor alert type over a threshold, or by hand); steps (id, title, post, acknowledgement and
 * completion limits, the steps each waits for, checklist, instructions); contacts. Every change is
 * checked by the core's validator (plans:validate) and each issue shows beside the step it
 * concerns; a plan with issues cannot be saved and says why. District plans are read-only: they
 * can be saved as a new town plan.
 */
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Empty, Input, InputNumber, Select, Space, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { LEVELS, PLAN_KINDS, SENSOR_TYPES, type PlanIssue, type PlanStep, type PlanTemplate, type PlanTemplateBody, type PlanTrigger } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { issueText } from './plan-text';
import { useCatalogueNames } from './use-catalogue';

const EMPTY_STEP = (id: string): PlanStep => ({ id, title: '', postId: '', ackMinutes: 5, limitMinutes: 30, after: [], checklist: [] });

export function newPlanBody(): PlanTemplateBody {
  return { name: '', kind: 'other', description: '', triggers: [{ kind: 'manual' }], steps: [EMPTY_STEP('S1')], contacts: [] };
}

function bodyOf(t: PlanTemplate): PlanTemplateBody {
  return { name: t.name, kind: t.kind, description: t.description, triggers: t.triggers, steps: t.steps, contacts: t.contacts };
}

/** The first free `S<n>` id. */
function nextStepId(steps: readonly PlanStep[]): string {
  const used = new Set(steps.map((s) => s.id));
  for (let n = steps.length + 1; ; n += 1) if (!used.has(`S${n}`)) return `S${n}`;
}

/** Which step an issue belongs to: by the index in its path, else by its step id. */
function stepIndexOf(issue: PlanIssue, body: PlanTemplateBody): number | null {
  const match = /steps(?:\.|\[)(\d+)/.exec(issue.path);
  if (match) return Number(match[1]);
  if (issue.stepId) {
    const i = body.steps.findIndex((s) => s.id === issue.stepId);
    return i >= 0 ? i : null;
  }
  return null;
}

export function TemplateEditor({ templateId, onSaved, onBack }: { templateId: string | null; onSaved(templateId: string): void; onBack(): void }) {
  const m = useMessages();
  const e = m.plans.editor;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [body, setBody] = useState<PlanTemplateBody | null>(templateId ? null : newPlanBody());
  const [meta, setMeta] = useState<{ id: string; version: number; source: 'local' | 'district' } | null>(null);
  const [issues, setIssues] = useState<PlanIssue[] | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // Saving over the version opened is one intent: a double click saves one version.
  const intents = useIntentIds();
  const canEdit = desk.can('editPlans');
  const readOnly = !canEdit || meta?.source === 'district';

  useEffect(() => {
    if (!templateId) return;
    let alive = true;
    void api.plans.template({ templateId }).then((r) => {
      if (!alive) return;
      if (!r.ok) return desk.report(r.error);
      setBody(bodyOf(r.data));
      setMeta({ id: r.data.id, version: r.data.version, source: r.data.source });
    });
    return () => {
      alive = false;
    };
  }, [templateId, desk]);

  // Live validation: the core's own rules, a moment after the last change; stale answers dropped.
  const seq = useRef(0);
  useEffect(() => {
    if (!body) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      void api.plans.validate({ template: body }).then((r) => {
        if (mine !== seq.current) return;
        if (r.ok) {
          setIssues(r.data.issues);
          setCheckError(null);
        } else {
          setIssues(null);
          setCheckError(desk.describe(r.error));
        }
      });
    }, 250);
    return () => clearTimeout(timer);
  }, [body, desk]);

  const update = useCallback((change: (b: PlanTemplateBody) => PlanTemplateBody) => setBody((b) => (b ? change(b) : b)), []);
  const setStep = (i: number, patch: Partial<PlanStep>) => update((b) => ({ ...b, steps: b.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) }));
  const setTrigger = (i: number, t: PlanTrigger) => update((b) => ({ ...b, triggers: b.triggers.map((x, j) => (j === i ? t : x)) }));

  const byStep = useMemo(() => {
    const map = new Map<number, PlanIssue[]>();
    const general: PlanIssue[] = [];
    for (const issue of issues ?? []) {
      const i = body ? stepIndexOf(issue, body) : null;
      if (i === null) general.push(issue);
      else map.set(i, [...(map.get(i) ?? []), issue]);
    }
    return { map, general };
  }, [issues, body]);

  if (!body) return <div data-testid="plan-editor" data-loading="true" />;

  const blocked = issues === null || issues.length > 0 || !!checkError;
  const save = async () => {
    if (blocked || readOnly) return;
    setSaving(true);
    const local = meta?.source === 'local' ? meta : null;
    const r = await intents.send(`save:${local?.id ?? 'new'}:${local?.version ?? 0}`, (commandId) =>
      api.plans.saveTemplate({ ...(local ? { templateId: local.id } : {}), template: body, commandId }),
    );
    setSaving(false);
    if (!r.ok) return desk.report(r.error, { subject: 'plan' });
    setMeta({ id: r.data.id, version: r.data.version, source: 'local' });
    void message.success(fill(e.saved, { v: r.data.version }));
    onSaved(r.data.id);
  };
  const saveAsLocal = () => {
    setMeta(null);
    update((b) => ({ ...b, name: fill(e.localCopy, { name: b.name }).slice(0, 80) }));
  };

  const title = readOnly ? e.titleView : meta ? e.titleEdit : e.titleNew;
  const stepOptions = body.steps.map((s) => ({ value: s.id, label: s.title ? `${s.id} ${s.title}` : s.id }));
  const posts = desk.town?.posts ?? [];

  return (
    <div className="plan-editor" data-testid="plan-editor" data-read-only={readOnly ? 'true' : 'false'}>
      <div className="plan-editor-head">
        <h2 className="page-title">{title}</h2>
        {meta && <Tag color={meta.source === 'district' ? 'gold' : 'blue'}>{nameOf(m.plans.library.sources, meta.source)}</Tag>}
        {meta && <span className="muted num">{fill(m.plans.library.versionN, { v: meta.version })}</span>}
        <div style={{ flex: 1 }} />
        <Space>
          <Button onClick={onBack} data-testid="plan-editor-back">
            {e.cancel}
          </Button>
          {canEdit && meta?.source === 'district' && (
            <Button icon={<CopyOutlined />} onClick={saveAsLocal} data-testid="plan-editor-save-as">
              {e.saveAsLocal}
            </Button>
          )}
          {!readOnly && (
            <Button type="primary" icon={<SaveOutlined />} disabled={blocked} loading={saving} onClick={() => void save()} data-testid="plan-editor-save">
              {e.save}
            </Button>
          )}
        </Space>
      </div>
      {canEdit && meta?.source === 'district' && <Alert type="info" showIcon title={e.readOnly} />}
      {!canEdit && <Alert type="info" showIcon title={e.noRight} />}

      <div className={readOnly ? 'plan-editor-body read-only' : 'plan-editor-body'}>
        <fieldset disabled={readOnly} className="plan-editor-fields">
          <Card size="small" className="plan-editor-card">
            <div className="plan-form-row">
              <label className="plan-field grow">
                <span>{e.name}</span>
                <Input
                  value={body.name}
                  maxLength={80}
                  disabled={readOnly}
                  onChange={(ev) => update((b) => ({ ...b, name: ev.target.value }))}
                  aria-label={e.name}
                  data-testid="plan-editor-name"
                />
              </label>
              <label className="plan-field" style={{ width: 200 }}>
                <span>{e.kind}</span>
                <Select
                  value={body.kind}
                  disabled={readOnly}
                  options={PLAN_KINDS.map((k) => ({ value: k, label: nameOf(m.plans.kinds, k) }))}
                  onChange={(kind) => update((b) => ({ ...b, kind }))}
                  aria-label={e.kind}
                  data-testid="plan-editor-kind"
                />
              </label>
            </div>
            <label className="plan-field">
              <span>{e.description}</span>
              <Input.TextArea
                value={body.description}
                maxLength={2000}
                autoSize={{ minRows: 2, maxRows: 5 }}
                disabled={readOnly}
                onChange={(ev) => update((b) => ({ ...b, description: ev.target.value }))}
              />
            </label>
          </Card>

          <Card
            size="small"
            title={e.triggers}
            className="plan-editor-card"
            extra={
              !readOnly && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => update((b) => ({ ...b, triggers: [...b.triggers, { kind: 'category', categoryCodes: [] }] }))}
                  data-testid="plan-editor-add-trigger"
                >
                  {e.addTrigger}
                </Button>
              )
            }
          >
            {body.triggers.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m.plans.triggers.none} />}
            {body.triggers.map((t, i) => (
              <TriggerRow
                key={i}
                trigger={t}
                readOnly={readOnly}
                onChange={(x) => setTrigger(i, x)}
                onRemove={() => update((b) => ({ ...b, triggers: b.triggers.filter((_, j) => j !== i) }))}
              />
            ))}
          </Card>

          <Card
            size="small"
            title={`${e.steps}（${body.steps.length}）`}
            className="plan-editor-card"
            extra={
              !readOnly && (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => update((b) => ({ ...b, steps: [...b.steps, EMPTY_STEP(nextStepId(b.steps))] }))}
                  data-testid="plan-editor-add-step"
                >
                  {e.addStep}
                </Button>
              )
            }
          >
            {body.steps.map((s, i) => {
              const stepIssues = byStep.map.get(i) ?? [];
              const bad = (...codes: PlanIssue['code'][]) => (stepIssues.some((x) => codes.includes(x.code)) ? ('error' as const) : undefined);
              return (
                <div key={i} className={`plan-step-edit ${stepIssues.length ? 'has-issues' : ''}`} data-testid="plan-editor-step" data-step-index={i} data-step-id={s.id}>
                  <div className="plan-form-row">
                    <label className="plan-field" style={{ width: 90 }}>
                      <span>{e.stepId}</span>
                      <Input
                        value={s.id}
                        maxLength={40}
                        disabled={readOnly}
                        status={bad('empty_step_id', 'duplicate_step')}
                        onChange={(ev) => setStep(i, { id: ev.target.value.trim() })}
                        aria-label={e.stepId}
                        data-testid="plan-step-id"
                      />
                    </label>
                    <label className="plan-field grow">
                      <span>{e.stepTitle}</span>
                      <Input
                        value={s.title}
                        maxLength={80}
                        disabled={readOnly}
                        status={bad('empty_title')}
                        onChange={(ev) => setStep(i, { title: ev.target.value })}
                        aria-label={e.stepTitle}
                        data-testid="plan-step-title"
                      />
                    </label>
                    <label className="plan-field" style={{ width: 240 }}>
                      <span>{e.post}</span>
                      <Select
                        value={s.postId || undefined}
                        placeholder={e.postPlaceholder}
                        disabled={readOnly}
                        status={bad('no_post', 'unknown_post')}
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        options={posts.map((p) => ({ value: p.id, label: p.name }))}
                        onChange={(postId?: string) => setStep(i, { postId: postId ?? '' })}
                        aria-label={e.post}
                        data-testid="plan-step-post"
                      />
                    </label>
                    <label className="plan-field" style={{ width: 130 }}>
                      <span>{e.ackMinutes}</span>
                      <InputNumber
                        min={0}
                        max={1440}
                        precision={0}
                        value={s.ackMinutes}
                        disabled={readOnly}
                        status={bad('ack_after_limit')}
                        onChange={(v) => setStep(i, { ackMinutes: typeof v === 'number' ? v : 0 })}
                        aria-label={e.ackMinutes}
                        data-testid="plan-step-ack"
                      />
                    </label>
                    <label className="plan-field" style={{ width: 130 }}>
                      <span>{e.limitMinutes}</span>
                      <InputNumber
                        min={0}
                        max={10080}
                        precision={0}
                        value={s.limitMinutes}
                        disabled={readOnly}
                        status={bad('zero_limit')}
                        onChange={(v) => setStep(i, { limitMinutes: typeof v === 'number' ? v : 0 })}
                        aria-label={e.limitMinutes}
                        data-testid="plan-step-limit"
                      />
                    </label>
                    {!readOnly && (
                      <Space size={2} className="plan-step-tools">
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowUpOutlined />}
                          title={e.moveUp}
                          disabled={i === 0}
                          onClick={() => update((b) => ({ ...b, steps: move(b.steps, i, i - 1) }))}
                        />
                        <Button
                          size="small"
                          type="text"
                          icon={<ArrowDownOutlined />}
                          title={e.moveDown}
                          disabled={i === body.steps.length - 1}
                          onClick={() => update((b) => ({ ...b, steps: move(b.steps, i, i + 1) }))}
                        />
                        <Button
                          size="small"
                          type="text"
                          danger
                          icon={<DeleteOutlined />}
                          title={e.remove}
                          onClick={() => update((b) => ({ ...b, steps: b.steps.filter((_, j) => j !== i) }))}
                          data-testid="plan-step-remove"
                        />
                      </Space>
                    )}
                  </div>
                  <label className="plan-field">
                    <span>{e.after}</span>
                    <Select
                      mode="multiple"
                      value={s.after}
                      disabled={readOnly}
                      status={bad('cycle', 'self_after', 'unknown_after')}
                      options={stepOptions.filter((o) => o.value !== s.id || s.after.includes(o.value))}
                      onChange={(after: string[]) => setStep(i, { after })}
                      aria-label={e.after}
                      data-testid="plan-step-after"
                    />
                  </label>
                  <div className="plan-form-row">
                    <label className="plan-field grow">
                      <span>{e.checklist}</span>
                      <Input.TextArea
                        value={s.checklist.join('\n')}
                        disabled={readOnly}
                        autoSize={{ minRows: 1, maxRows: 6 }}
                        onChange={(ev) =>
                          setStep(i, {
                            checklist: ev.target.value
                              .split('\n')
                              .map((x) => x.slice(0, 200))
                              .slice(0, 30),
                          })
                        }
                        onBlur={() => setStep(i, { checklist: s.checklist.map((x) => x.trim()).filter(Boolean) })}
                      />
                    </label>
                    <label className="plan-field grow">
                      <span>{e.instructions}</span>
                      <Input.TextArea
                        value={s.instructions ?? ''}
                        maxLength={1000}
                        disabled={readOnly}
                        autoSize={{ minRows: 1, maxRows: 6 }}
                        onChange={(ev) => setStep(i, { instructions: ev.target.value || undefined })}
                      />
                    </label>
                  </div>
                  {stepIssues.length > 0 && (
                    <ul className="plan-step-issues" data-testid="plan-step-issues">
                      {stepIssues.map((issue, k) => (
                        <li key={k} data-code={issue.code}>
                          {issueText(m, issue, body)}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              );
            })}
          </Card>

          <Card
            size="small"
            title={e.contacts}
            className="plan-editor-card"
            extra={
              !readOnly && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => update((b) => ({ ...b, contacts: [...b.contacts, { name: '', role: '', phone: '' }] }))}>
                  {e.addContact}
                </Button>
              )
            }
          >
            {body.contacts.length === 0 && <span className="muted">{m.plans.runs.noContacts}</span>}
            {body.contacts.map((c, i) => (
              <div className="plan-form-row" key={i}>
                <Input
                  placeholder={e.contactName}
                  value={c.name}
                  maxLength={40}
                  disabled={readOnly}
                  style={{ width: 160 }}
                  onChange={(ev) => update((b) => ({ ...b, contacts: b.contacts.map((x, j) => (j === i ? { ...x, name: ev.target.value } : x)) }))}
                />
                <Input
                  placeholder={e.contactRole}
                  value={c.role}
                  maxLength={60}
                  disabled={readOnly}
                  style={{ flex: 1 }}
                  onChange={(ev) => update((b) => ({ ...b, contacts: b.contacts.map((x, j) => (j === i ? { ...x, role: ev.target.value } : x)) }))}
                />
                <Input
                  placeholder={e.contactPhone}
                  value={c.phone}
                  maxLength={40}
                  disabled={readOnly}
                  style={{ width: 180 }}
                  onChange={(ev) => update((b) => ({ ...b, contacts: b.contacts.map((x, j) => (j === i ? { ...x, phone: ev.target.value } : x)) }))}
                />
                {!readOnly && (
                  <Button type="text" danger icon={<DeleteOutlined />} title={e.remove} onClick={() => update((b) => ({ ...b, contacts: b.contacts.filter((_, j) => j !== i) }))} />
                )}
              </div>
            ))}
          </Card>
        </fieldset>
        {!readOnly && (
          <aside className="plan-editor-side">
            <div className="plan-editor-check" data-testid="plan-editor-check" data-valid={issues !== null && issues.length === 0 && !checkError ? 'true' : 'false'}>
              {checkError ? (
                <Alert type="error" showIcon title={checkError} />
              ) : issues === null ? (
                <span className="muted">{e.checking}</span>
              ) : issues.length === 0 ? (
                <Alert type="success" showIcon title={e.valid} />
              ) : (
                <Alert
                  type="error"
                  showIcon
                  data-testid="plan-editor-issues"
                  title={fill(e.invalid, { count: issues.length })}
                  description={
                    <ul className="plan-issues">
                      {issues.map((issue, i) => (
                        <li key={i} data-testid="plan-editor-issue" data-code={issue.code}>
                          {issueText(m, issue, body)}
                        </li>
                      ))}
                    </ul>
                  }
                />
              )}
            </div>
          </aside>
        )}
      </div>
    </div>
  );
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item!);
  return out;
}

function TriggerRow({ trigger, readOnly, onChange, onRemove }: { trigger: PlanTrigger; readOnly: boolean; onChange(t: PlanTrigger): void; onRemove(): void }) {
  const m = useMessages();
  const e = m.plans.editor;
  const kindSelect = (
    <Select
      value={trigger.kind}
      disabled={readOnly}
      style={{ width: 130 }}
      options={(['category', 'sensor', 'manual'] as const).map((k) => ({ value: k, label: nameOf(e.triggerKinds, k) }))}
      onChange={(kind: PlanTrigger['kind']) => onChange(kind === 'category' ? { kind, categoryCodes: [] } : kind === 'sensor' ? { kind, sensorType: 'smoke' } : { kind })}
      aria-label={e.triggers}
      data-testid="plan-trigger-kind"
    />
  );
  return (
    <div className="plan-form-row plan-trigger-row" data-testid="plan-editor-trigger">
      {kindSelect}
      {trigger.kind === 'category' && (
        <>
          <CategorySelect value={trigger.categoryCodes} readOnly={readOnly} placeholder={e.categories} onChange={(categoryCodes) => onChange({ ...trigger, categoryCodes })} />
          <Select
            value={trigger.minLevel ?? ''}
            disabled={readOnly}
            style={{ width: 150 }}
            aria-label={e.minLevel}
            options={[{ value: '', label: e.anyLevel }, ...LEVELS.map((l) => ({ value: l, label: `${nameOf(m.levels, l)}+` }))]}
            onChange={(v: string) => {
              const { minLevel: _drop, ...rest } = trigger;
              onChange(v ? { ...rest, minLevel: v as (typeof LEVELS)[number] } : rest);
            }}
          />
        </>
      )}
      {trigger.kind === 'sensor' && (
        <>
          <Select
            value={trigger.sensorType}
            disabled={readOnly}
            style={{ width: 130 }}
            options={SENSOR_TYPES.map((s) => ({ value: s, label: nameOf(m.plans.sensorTypes, s) }))}
            onChange={(sensorType: string) => onChange({ ...trigger, sensorType })}
            aria-label={e.sensorType}
            data-testid="plan-trigger-sensor"
          />
          <InputNumber
            value={trigger.threshold ?? null}
            disabled={readOnly}
            placeholder={e.threshold}
            aria-label={e.threshold}
            style={{ width: 190 }}
            onChange={(v) => {
              const { threshold: _drop, ...rest } = trigger;
              onChange(typeof v === 'number' && Number.isFinite(v) ? { ...rest, threshold: v } : rest);
            }}
          />
          <CategorySelect
            value={trigger.categoryCodes ?? []}
            readOnly={readOnly}
            placeholder={e.sensorCategories}
            onChange={(codes) => {
              const { categoryCodes: _drop, ...rest } = trigger;
              onChange(codes.length ? { ...rest, categoryCodes: codes } : rest);
            }}
          />
        </>
      )}
      {trigger.kind === 'manual' && <span className="muted">{e.manualHint}</span>}
      {!readOnly && <Button type="text" danger icon={<DeleteOutlined />} title={e.remove} onClick={onRemove} />}
    </div>
  );
}

/** Catalogue items by name, pinyin or code (the whole catalogue is small: it is read once). */
function CategorySelect({ value, readOnly, placeholder, onChange }: { value: readonly string[]; readOnly: boolean; placeholder: string; onChange(codes: string[]): void }) {
  const { items } = useCatalogueNames();
  const options = useMemo(() => {
    const known = new Set(items.map((i) => i.code));
    return [...items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` })), ...value.filter((c) => !known.has(c)).map((c) => ({ value: c, label: c }))];
  }, [items, value]);
  return (
    <Select
      mode="multiple"
      value={[...value]}
      disabled={readOnly}
      placeholder={placeholder}
      style={{ flex: 1, minWidth: 260 }}
      showSearch={{ optionFilterProp: 'label' }}
      options={options}
      onChange={(codes: string[]) => onChange(codes)}
      aria-label={placeholder}
      data-testid="plan-trigger-categories"
    />
  );
}
