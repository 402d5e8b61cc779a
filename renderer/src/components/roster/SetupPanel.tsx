/**
 * 班次设置: the centre's shift templates (name, start, hours; roles: duty leader, duty officers,
 * on-call per board) and its duty settings (reminders, handover timing, post hours, the fixed
 * handover checks). Everyone reads it; the admin edits and saves. A setup the server refuses
 * (shifts overlapping, a gap, a zero-length shift…) is shown as a sentence naming the shift, and
 * nothing is saved; the form keeps the edit so it can be corrected, or reverted.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Card, Input, InputNumber, Select, Space, Spin } from 'antd';
import { useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { ROLE_KINDS, type DutySettings, type DutySetup, type RoleKind, type RoleSpec, type ShiftTemplate } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages } from '../../locales';
import { setupProblem, shiftEnd } from './setup-check';

interface Draft {
  templates: ShiftTemplate[];
  settings: DutySettings;
}

const uniqueCode = (prefix: string, taken: readonly string[]): string => {
  for (let n = taken.length + 1; ; n += 1) if (!taken.includes(`${prefix}${n}`)) return `${prefix}${n}`;
};

export function SetupPanel() {
  const m = useMessages();
  const t = m.rosterAdmin.setup;
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [setup, setSetup] = useState<DutySetup | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [refusal, setRefusal] = useState<{ text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const canEdit = desk.can('editShiftTemplates');
  const boards = desk.town?.boards ?? [];
  /** The next answer replaces the edit (the person asked to revert); otherwise an edit in progress is kept. */
  const revertNext = useRef(false);
  const intents = useIntentIds();

  const dirty = useMemo(() => !!setup && !!draft && JSON.stringify({ templates: setup.templates, settings: setup.settings }) !== JSON.stringify(draft), [setup, draft]);

  const load = useFeedLoad(
    useCallback(() => api.roster.setup({}), []),
    {
      apply: (res) => {
        if (!res.ok) return desk.report(res.error);
        const force = revertNext.current || !draft;
        revertNext.current = false;
        setSetup(res.data);
        if (force || !dirty) {
          setDraft({ templates: structuredClone(res.data.templates), settings: structuredClone(res.data.settings) });
          setRefusal(null);
        }
      },
      feed: { roster: (msg) => msg.parts.includes('setup') },
    },
  );
  const revert = () => {
    revertNext.current = true;
    load();
  };

  if (!setup || !draft) return <Spin />;

  const roleName = (kind: string) => nameOf(t.roleKinds, kind);
  const boardName = (code: string | null) => boards.find((b) => b.code === code)?.name ?? code ?? '';
  const defaultLabel = (kind: RoleKind, boardCode: string | null) => (kind === 'on_call' ? `${boardName(boardCode)}值班` : kind === 'leader' ? '带班领导' : '值班员');

  const change = (fn: (d: Draft) => void) => {
    const next = structuredClone(draft);
    fn(next);
    setDraft(next);
    setRefusal(null);
  };
  const changeTemplate = (i: number, fn: (x: ShiftTemplate) => void) => change((d) => fn(d.templates[i]!));
  const changeRole = (i: number, j: number, fn: (r: RoleSpec) => void) => changeTemplate(i, (x) => fn(x.roles[j]!));

  const save = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canEdit) return;
    setSaving(true);
    const request = { templates: draft.templates, settings: draft.settings };
    // Saving this draft is one intent: a double Enter saves it once; a changed draft is a new one.
    const res = await intents.send(JSON.stringify(request), (commandId) => api.roster.saveSetup({ ...request, commandId }));
    setSaving(false);
    if (!res.ok) {
      if (res.error.code === 'unauthenticated' || res.error.code === 'forbidden' || res.error.code === 'disconnected') return desk.report(res.error);
      // The server refused; say why in the desk's words (naming the shift), from its code and params —
      // never its own (English) sentence underneath.
      const local = setupProblem(draft.templates, draft.settings, roleName);
      const reason = local ? fill(t.problems[local.key] ?? '', local.params) : desk.describe(res.error);
      setRefusal({ text: fill(t.refused, { reason }) });
      return;
    }
    setSetup(res.data);
    setDraft({ templates: structuredClone(res.data.templates), settings: structuredClone(res.data.settings) });
    setRefusal(null);
    void message.success(t.saved);
  };

  const addRole = (i: number) =>
    changeTemplate(i, (x) => {
      const usedBoards = new Set(x.roles.filter((r) => r.kind === 'on_call').map((r) => r.boardCode));
      const board = boards.find((b) => !usedBoards.has(b.code));
      const kind: RoleKind = x.roles.some((r) => r.kind === 'officer') ? 'on_call' : 'officer';
      const boardCode = kind === 'on_call' ? (board?.code ?? null) : null;
      x.roles.push({ kind, boardCode, count: 1, label: defaultLabel(kind, boardCode) });
    });

  const applyPreset = (code: string) => {
    const preset = setup.presets.find((p) => p.code === code);
    if (preset) change((d) => (d.templates = structuredClone(preset.templates)));
  };

  return (
    <form className="roster-panel setup-panel" onSubmit={(e) => void save(e)} data-testid="setup-panel">
      <div className="roster-panel-bar">
        <h3>{t.title}</h3>
        {canEdit && (
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} disabled={!dirty} data-testid="setup-save">
              {t.save}
            </Button>
            <Button disabled={!dirty} onClick={revert} data-testid="setup-reset">
              {t.reset}
            </Button>
          </Space>
        )}
        {canEdit && (
          <Space wrap>
            <span className="muted">{t.presets}：</span>
            {setup.presets.map((p) => (
              <Button key={p.code} size="small" onClick={() => applyPreset(p.code)} data-testid={`setup-preset-${p.code}`}>
                {nameOf(t.presetNames, p.code)}
              </Button>
            ))}
          </Space>
        )}
      </div>
      <div className="muted">{canEdit ? t.hint : t.readOnly}</div>
      {refusal && <Alert type="error" showIcon title={refusal.text} data-testid="setup-error" />}

      <h4>{t.templates}</h4>
      <div className="setup-templates">
        {draft.templates.map((x, i) => {
          const end = shiftEnd(x);
          return (
            <Card
              key={i}
              size="small"
              data-testid="setup-template"
              data-code={x.code}
              title={
                <span className="setup-template-title">
                  {x.name || '—'}
                  <span className="muted num">
                    {x.start}
                    {end && ` – ${end.end}${end.nextDay ? t.nextDay : ''}`}
                  </span>
                </span>
              }
              extra={
                canEdit &&
                draft.templates.length > 1 && (
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => change((d) => d.templates.splice(i, 1))} data-testid="setup-template-remove">
                    {t.removeTemplate}
                  </Button>
                )
              }
            >
              <div className="setup-row">
                <label>
                  {t.name}
                  <Input
                    value={x.name}
                    maxLength={20}
                    disabled={!canEdit}
                    onChange={(e) => changeTemplate(i, (y) => (y.name = e.target.value))}
                    style={{ width: 120 }}
                    data-testid="setup-name"
                  />
                </label>
                <label>
                  {t.start}
                  <Input
                    value={x.start}
                    maxLength={5}
                    placeholder="08:30"
                    disabled={!canEdit}
                    onChange={(e) => changeTemplate(i, (y) => (y.start = e.target.value.trim()))}
                    style={{ width: 80 }}
                    className="num"
                    data-testid="setup-start"
                  />
                </label>
                <label>
                  {t.hours}
                  <InputNumber
                    value={x.hours}
                    min={0}
                    max={24}
                    precision={0}
                    disabled={!canEdit}
                    onChange={(v) => changeTemplate(i, (y) => (y.hours = typeof v === 'number' ? v : 0))}
                    style={{ width: 80 }}
                    data-testid="setup-hours"
                  />
                </label>
                <span className="muted" data-testid="setup-end">
                  {end ? fill(t.ends, { end: end.end }) + (end.nextDay ? t.nextDay : '') : ''}
                </span>
              </div>
              <div className="setup-roles">
                <div className="setup-roles-head muted">
                  <span>{t.roleKind}</span>
                  <span>{t.board}</span>
                  <span>{t.count}</span>
                  <span>{t.label}</span>
                  <span />
                </div>
                {x.roles.map((r, j) => (
                  <div key={j} className="setup-role" data-testid="setup-role">
                    <Select
                      value={r.kind}
                      disabled={!canEdit}
                      options={ROLE_KINDS.map((k) => ({ value: k, label: roleName(k) }))}
                      onChange={(kind: RoleKind) =>
                        changeRole(i, j, (y) => {
                          const auto = y.label === defaultLabel(y.kind, y.boardCode);
                          y.kind = kind;
                          y.boardCode = kind === 'on_call' ? (boards[0]?.code ?? null) : null;
                          if (kind === 'leader') y.count = 1;
                          if (auto) y.label = defaultLabel(kind, y.boardCode);
                        })
                      }
                    />
                    {r.kind === 'on_call' ? (
                      <Select
                        value={r.boardCode ?? undefined}
                        disabled={!canEdit}
                        options={boards.map((b) => ({ value: b.code, label: b.name }))}
                        onChange={(code: string) =>
                          changeRole(i, j, (y) => {
                            const auto = y.label === defaultLabel(y.kind, y.boardCode);
                            y.boardCode = code;
                            if (auto) y.label = defaultLabel(y.kind, code);
                          })
                        }
                      />
                    ) : (
                      <span className="muted">—</span>
                    )}
                    <InputNumber
                      value={r.count}
                      min={1}
                      max={r.kind === 'leader' ? 1 : 6}
                      precision={0}
                      disabled={!canEdit}
                      onChange={(v) => changeRole(i, j, (y) => (y.count = typeof v === 'number' ? v : 1))}
                      data-testid="setup-role-count"
                    />
                    <Input value={r.label} maxLength={40} disabled={!canEdit} onChange={(e) => changeRole(i, j, (y) => (y.label = e.target.value))} />
                    {canEdit ? (
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t.removeRole} onClick={() => changeTemplate(i, (y) => y.roles.splice(j, 1))} />
                    ) : (
                      <span />
                    )}
                  </div>
                ))}
                {canEdit && (
                  <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => addRole(i)} disabled={x.roles.length >= 12}>
                    {t.addRole}
                  </Button>
                )}
              </div>
            </Card>
          );
        })}
      </div>
      {canEdit && draft.templates.length < 4 && (
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          onClick={() =>
            change((d) => {
              const last = d.templates[d.templates.length - 1];
              d.templates.push({
                code: uniqueCode(
                  's',
                  d.templates.map((y) => y.code),
                ),
                name: '',
                start: last ? (shiftEnd(last)?.end ?? '08:30') : '08:30',
                hours: 8,
                roles: structuredClone(last?.roles ?? [{ kind: 'leader', boardCode: null, count: 1, label: '带班领导' }]),
              });
            })
          }
          data-testid="setup-add-template"
        >
          {t.addTemplate}
        </Button>
      )}

      <div className="setup-settings">
        <Card size="small" title={t.settings}>
          {(['reminderMinutes', 'handoverDraftMinutes', 'handoverGraceMinutes', 'restAfter24hHours'] as const).map((k) => (
            <label key={k} className="setup-setting">
              <span>{t[k]}</span>
              <InputNumber
                value={draft.settings[k]}
                min={0}
                max={k === 'restAfter24hHours' ? 72 : k === 'reminderMinutes' ? 1440 : 720}
                precision={0}
                disabled={!canEdit}
                onChange={(v) => change((d) => (d.settings[k] = typeof v === 'number' ? v : 0))}
                data-testid={`setup-${k}`}
              />
            </label>
          ))}
          <div className="setup-subhead">{t.postHours}</div>
          {Object.entries(draft.settings.postHours).map(([kind, hours]) => (
            <label key={kind} className="setup-setting">
              <span>{nameOf(t.postKinds, kind)}</span>
              <Select
                value={hours}
                disabled={!canEdit}
                style={{ width: 170 }}
                options={(['office', 'always'] as const).map((v) => ({ value: v, label: nameOf(t.postHourKinds, v) }))}
                onChange={(v: 'office' | 'always') => change((d) => (d.settings.postHours[kind] = v))}
              />
            </label>
          ))}
        </Card>
        <Card size="small" title={t.fixedChecks} data-testid="setup-checks">
          {draft.settings.fixedChecks.map((c, i) => (
            <div key={c.code} className="setup-check">
              <Input
                value={c.label}
                maxLength={40}
                disabled={!canEdit}
                placeholder={t.checkPlaceholder}
                onChange={(e) => change((d) => (d.settings.fixedChecks[i]!.label = e.target.value))}
                data-testid="setup-check"
              />
              {canEdit && <Button type="text" danger icon={<DeleteOutlined />} aria-label={t.removeRole} onClick={() => change((d) => d.settings.fixedChecks.splice(i, 1))} />}
            </div>
          ))}
          {canEdit && draft.settings.fixedChecks.length < 20 && (
            <Button
              size="small"
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() =>
                change((d) =>
                  d.settings.fixedChecks.push({
                    code: uniqueCode(
                      'check_',
                      d.settings.fixedChecks.map((c) => c.code),
                    ),
                    label: '',
                  }),
                )
              }
              data-testid="setup-add-check"
            >
              {t.addCheck}
            </Button>
          )}
        </Card>
      </div>
    </form>
  );
}
