/**
 * One plan run as the desk follows it: the header (plan, 演练 mark, who started it and when, the
 * event that set it off, progress and late tasks), every step's task in the order of the plan
 * (post, the acting holder with phone and the AB rule that chose them, status, release and due
 * times in Beijing time with live countdowns, late in red) with its actions (签收, 完成, 跳过), the
 * contacts, and the run's log. Re-read when the feed names the run, and when the clock moves.
 */
import { AuditOutlined, PhoneOutlined, StopOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Empty, Progress, Space, Table, Tag, Timeline } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { PlanLogEntry, PlanRun, PlanTask } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../../lib/beijing-time';
import { newCommandId, useIntentIds } from '../../lib/command-id';
import { fill, nameOf, useMessages, type Messages } from '../../locales';
import { DrillTag } from './DrillTag';
import { RULE_COLORS, RUN_COLORS, TASK_COLORS } from './plan-text';
import { ReasonDialog } from './ReasonDialog';
import { TaskClock } from './TaskClock';

/** A dialog open for one intent: its command id is made when it opens. */
type Pending = { kind: 'complete' | 'skip'; task: PlanTask; commandId: string } | { kind: 'end'; commandId: string } | null;

export function RunView({ runId, onReview }: { runId: string; onReview(runId: string): void }) {
  const m = useMessages();
  const r = m.plans.runs;
  const desk = useDesk();
  const [loaded, setLoaded] = useState<PlanRun | null>(null);
  const [missingId, setMissingId] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const load = useFeedLoad(
    useCallback(() => api.plans.run({ runId }), [runId]),
    {
      apply: (res) => {
        if (res.ok) {
          setLoaded(res.data);
          setMissingId(null);
        } else if (res.error.code === 'not_found') setMissingId(runId);
        else if (res.error.code === 'unauthenticated') desk.report(res.error);
      },
      feed: { plans: (msg) => msg.parts.includes('runs') && (!msg.runIds || msg.runIds.includes(runId)), clock: true },
    },
  );
  // Another run picked: nothing of the last one is shown while it loads.
  const run = loaded?.id === runId ? loaded : null;
  const missing = missingId === runId;

  const tasks = useMemo(() => (run ? inPlanOrder(run.tasks) : []), [run]);

  if (missing) return <Empty description={m.errors.not_found ? fill(m.errors.not_found, { id: runId }) : runId} />;
  if (!run) return <div className="plan-run" data-testid="plan-run" data-loading="true" />;

  const running = run.status === 'running';
  const titleOf = (id: string) => run.tasks.find((t) => t.stepId === id)?.title ?? id;

  return (
    <div className="plan-run" data-testid="plan-run" data-run-id={run.id} data-drill={run.drill ? 'true' : 'false'} data-status={run.status}>
      <header className={`plan-run-head ${run.drill ? 'is-drill' : ''}`}>
        <div className="plan-run-title">
          {run.drill && <DrillTag large />}
          <h2 data-testid="plan-run-name">{run.name}</h2>
          <Tag color={RUN_COLORS[run.status]} data-testid="plan-run-status">
            {nameOf(m.plans.runStatus, run.status)}
          </Tag>
          <div style={{ flex: 1 }} />
          <Space>
            {run.allowedActions.includes('end') && (
              <Button danger icon={<StopOutlined />} onClick={() => setPending({ kind: 'end', commandId: newCommandId() })} data-testid="plan-run-end">
                {r.end}
              </Button>
            )}
            {!running && (
              <Button type="primary" icon={<AuditOutlined />} onClick={() => onReview(run.id)} data-testid="plan-run-review">
                {r.review}
              </Button>
            )}
          </Space>
        </div>
        <div className="plan-run-facts">
          <span data-testid="plan-run-started">{fill(r.startedBy, { name: run.startedByName, at: formatDateTime(run.startedAt) })}</span>
          {run.eventTitle && (
            <span>
              {r.event}：<span data-testid="plan-run-event">{run.eventTitle}</span>
            </span>
          )}
          {run.scenario && (
            <span>
              {r.scenario}：<span data-testid="plan-run-scenario">{run.scenario}</span>
            </span>
          )}
          {run.endedAt && (
            <span>
              {r.endedAt}：<span className="num">{formatDateTime(run.endedAt)}</span>
              {run.endReason && `（${run.endReason}）`}
            </span>
          )}
        </div>
        <div className="plan-run-progress">
          <Progress
            percent={run.total ? Math.round((run.done / run.total) * 100) : 0}
            showInfo={false}
            strokeColor={run.drill ? '#7c3aed' : undefined}
            style={{ flex: 1, margin: 0 }}
          />
          <span className="num plan-run-count" data-testid="plan-run-progress">
            {fill(r.progress, { done: run.done, total: run.total })}
          </span>
          <span className={`num plan-run-overdue ${run.overdue > 0 ? 'danger' : 'muted'}`} data-testid="plan-run-overdue" data-count={run.overdue}>
            {fill(r.overdue, { count: run.overdue })}
          </span>
        </div>
      </header>

      <Table<PlanTask>
        className="plan-task-table"
        size="middle"
        rowKey="id"
        pagination={false}
        dataSource={tasks}
        data-testid="plan-tasks"
        rowClassName={(t) => `plan-task-row ${t.late || t.ackLate ? 'is-late' : ''} ${t.status === 'waiting' ? 'is-waiting' : ''}`}
        onRow={(t) =>
          ({
            'data-testid': 'plan-task',
            'data-step-id': t.stepId,
            'data-task-id': t.id,
            'data-status': t.status,
            'data-late': t.late ? 'true' : 'false',
          }) as React.HTMLAttributes<HTMLElement>
        }
        expandable={{
          rowExpandable: (t) => t.checklist.length > 0 || !!t.instructions || !!t.note,
          expandedRowRender: (t) => <TaskDetail task={t} />,
        }}
        columns={[
          {
            title: m.plans.task.step,
            render: (_: unknown, t) => (
              <div>
                <div className="plan-task-title" data-testid="plan-task-title">
                  {t.title}
                </div>
                {t.after.length > 0 && <div className="muted plan-task-after">{fill(m.plans.task.after, { steps: t.after.map(titleOf).join('、') })}</div>}
              </div>
            ),
          },
          { title: m.plans.task.post, width: 130, render: (_: unknown, t) => <span data-testid="plan-task-post">{t.postName}</span> },
          {
            title: m.plans.task.holder,
            width: 170,
            render: (_: unknown, t) => (t.status === 'waiting' ? <span className="muted">{m.plans.task.atRelease}</span> : <Holder task={t} />),
          },
          { title: m.plans.task.status, width: 116, render: (_: unknown, t) => <TaskStatusTags task={t} /> },
          {
            title: m.plans.task.released,
            width: 96,
            render: (_: unknown, t) => (t.releasedAt ? <span className="num">{formatShort(t.releasedAt)}</span> : <span className="muted">—</span>),
          },
          {
            title: m.plans.task.ackDue,
            width: 124,
            render: (_: unknown, t) => (
              <TaskClock
                dueAt={t.ackDueAt}
                metAt={t.ackedAt ?? (t.status === 'done' ? t.doneAt : null)}
                startedAt={t.releasedAt}
                open={running && t.status === 'dispatched'}
                testId="plan-task-ack-clock"
              />
            ),
          },
          {
            title: m.plans.task.due,
            width: 124,
            render: (_: unknown, t) => (
              <TaskClock
                dueAt={t.dueAt}
                metAt={t.doneAt}
                startedAt={t.releasedAt}
                open={running && (t.status === 'dispatched' || t.status === 'acknowledged')}
                testId="plan-task-clock"
              />
            ),
          },
          {
            title: m.plans.task.actions,
            width: 150,
            render: (_: unknown, t) => <TaskActions runId={run.id} task={t} onAsk={(kind) => setPending({ kind, task: t, commandId: newCommandId() })} onDone={load} />,
          },
        ]}
      />

      <div className="plan-run-lower">
        <Card size="small" title={r.contacts} data-testid="plan-run-contacts">
          {run.contacts.length === 0 ? (
            <span className="muted">{r.noContacts}</span>
          ) : (
            <ul className="plan-contacts">
              {run.contacts.map((c, i) => (
                <li key={i}>
                  <span className="plan-contact-name">{c.name}</span>
                  <span className="muted">{c.role}</span>
                  <span className="num">
                    <PhoneOutlined /> {c.phone}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card size="small" title={r.log} data-testid="plan-run-log">
          <PlanLog entries={run.log} />
        </Card>
      </div>

      {pending?.kind === 'complete' && (
        <ReasonDialog
          title={fill(m.plans.task.completeTitle, { step: pending.task.title })}
          placeholder={m.plans.task.notePlaceholder}
          okText={m.plans.task.complete}
          testId="plan-complete"
          onClose={() => setPending(null)}
          onConfirm={async (note) => {
            const res = await api.plans.completeTask({ runId: run.id, taskId: pending.task.id, ...(note ? { note } : {}), commandId: pending.commandId });
            if (!res.ok) desk.report(res.error, { subject: 'task' });
            load();
          }}
        />
      )}
      {pending?.kind === 'skip' && (
        <ReasonDialog
          title={fill(m.plans.task.skipTitle, { step: pending.task.title })}
          placeholder={m.plans.task.skipReason}
          okText={m.plans.task.skip}
          required
          danger
          testId="plan-skip"
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            const res = await api.plans.skipTask({ runId: run.id, taskId: pending.task.id, reason, commandId: pending.commandId });
            if (!res.ok) {
              desk.report(res.error, { subject: 'task' });
              return false;
            }
            load();
          }}
        />
      )}
      {pending?.kind === 'end' && (
        <ReasonDialog
          title={fill(r.endTitle, { name: run.name })}
          placeholder={r.endReasonPlaceholder}
          okText={r.end}
          required
          danger
          testId="plan-end"
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            const res = await api.plans.endRun({ runId: run.id, reason, commandId: pending.commandId });
            if (!res.ok) {
              desk.report(res.error, { subject: 'plan' });
              return false;
            }
            load();
          }}
        />
      )}
    </div>
  );
}

/** Steps in the order they can run: by depth in the `after` graph, then as the plan lists them. */
export function inPlanOrder<T extends { stepId: string; after: readonly string[] }>(tasks: readonly T[]): T[] {
  const byId = new Map(tasks.map((t) => [t.stepId, t]));
  const depth = new Map<string, number>();
  const visit = (t: T, seen: Set<string>): number => {
    const known = depth.get(t.stepId);
    if (known !== undefined) return known;
    if (seen.has(t.stepId)) return 0; // a cycle cannot run; the validator refuses it anyway
    seen.add(t.stepId);
    let d = 0;
    for (const a of t.after) {
      const before = byId.get(a);
      if (before) d = Math.max(d, visit(before, seen) + 1);
    }
    depth.set(t.stepId, d);
    return d;
  };
  const index = new Map(tasks.map((t, i) => [t.stepId, i]));
  return [...tasks].sort((a, b) => visit(a, new Set()) - visit(b, new Set()) || index.get(a.stepId)! - index.get(b.stepId)!);
}

export function Holder({ task }: { task: Pick<PlanTask, 'holderName' | 'holderPhone' | 'rule'> }) {
  const m = useMessages();
  if (task.rule === 'none' || !task.holderName)
    return (
      <Tag color="red" data-testid="plan-task-holder" data-rule="none">
        {m.plans.task.noHolder}
      </Tag>
    );
  return (
    <div className="plan-holder" data-testid="plan-task-holder" data-rule={task.rule}>
      <span className="plan-holder-name" data-testid="plan-task-holder-name">
        {task.holderName}
      </span>
      <Tag color={RULE_COLORS[task.rule]} className="plan-rule-tag">
        {nameOf(m.plans.rules, task.rule)}
      </Tag>
      {task.holderPhone && (
        <div className="muted num plan-holder-phone">
          <PhoneOutlined /> {task.holderPhone}
        </div>
      )}
    </div>
  );
}

export function TaskStatusTags({ task }: { task: Pick<PlanTask, 'status' | 'late' | 'ackLate'> }) {
  const m = useMessages();
  return (
    <Space size={4} wrap>
      <Tag color={TASK_COLORS[task.status]} data-testid="plan-task-status">
        {nameOf(m.plans.taskStatus, task.status)}
      </Tag>
      {task.late && (
        <Tag color="red" data-testid="plan-task-late">
          {m.plans.task.late}
        </Tag>
      )}
      {!task.late && task.ackLate && <Tag color="orange">{m.plans.task.ackLate}</Tag>}
    </Space>
  );
}

/**
 * 签收, 完成 and 跳过: exactly the task's `allowedActions` from the core (its status, the run's, the
 * person's roles and whether they hold it) — the renderer keeps no copy of those rules.
 */
export function TaskActions({ runId, task, onAsk, onDone }: { runId: string; task: PlanTask; onAsk(kind: 'complete' | 'skip'): void; onDone(): void }) {
  const m = useMessages();
  const desk = useDesk();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const intents = useIntentIds();
  const allowed = new Set(task.allowedActions);
  const ack = async () => {
    setBusy(true);
    // One 签收 per task: a second click while the first is on its way is the same intent.
    const res = await api.plans.ackTask({ runId, taskId: task.id, commandId: intents.of(task.id) });
    setBusy(false);
    if (res.ok) void message.success(m.plans.task.acked);
    else desk.report(res.error, { subject: 'task' });
    onDone();
  };
  return (
    <div className="plan-task-actions" data-testid="plan-task-actions" data-allowed={task.allowedActions.join(' ')}>
      <Space size={4} wrap>
        {allowed.has('ack') && (
          <Button size="small" loading={busy} onClick={() => void ack()} data-testid="plan-task-ack">
            {m.plans.task.ack}
          </Button>
        )}
        {allowed.has('complete') && (
          <Button size="small" type="primary" onClick={() => onAsk('complete')} data-testid="plan-task-complete">
            {m.plans.task.complete}
          </Button>
        )}
        {allowed.has('skip') && (
          <Button size="small" danger onClick={() => onAsk('skip')} data-testid="plan-task-skip">
            {m.plans.task.skip}
          </Button>
        )}
      </Space>
    </div>
  );
}

function TaskDetail({ task }: { task: PlanTask }) {
  const m = useMessages();
  return (
    <div className="plan-task-detail">
      {task.instructions && (
        <div>
          <span className="muted">{m.plans.task.instructions}：</span>
          {task.instructions}
        </div>
      )}
      {task.checklist.length > 0 && (
        <div>
          <span className="muted">{m.plans.task.checklist}：</span>
          <ol className="plan-checklist">
            {task.checklist.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ol>
        </div>
      )}
      {task.note && (
        <div>
          <span className="muted">{m.plans.task.note}：</span>
          {task.note}
        </div>
      )}
    </div>
  );
}

export function logText(m: Messages, e: PlanLogEntry): string {
  const parts = [nameOf(m.plans.log, e.kind)];
  if (e.stepTitle) parts.push(`“${e.stepTitle}”`);
  if (e.actorName) parts.push(`· ${e.actorName}`);
  const extra = e.detail.reason ?? e.detail.note ?? e.detail.holderName ?? e.detail.postName;
  if (extra) parts.push(`（${extra}）`);
  return parts.join(' ');
}

export function PlanLog({ entries }: { entries: readonly PlanLogEntry[] }) {
  const m = useMessages();
  const bad = new Set(['ack_overdue', 'overdue', 'uncovered']);
  return (
    <div data-testid="plan-log">
      <Timeline
        className="plan-log"
        items={entries.map((e, i) => ({
          key: i,
          color: bad.has(e.kind) ? 'red' : e.kind === 'completed' || e.kind === 'finished' ? 'green' : e.kind === 'ended' || e.kind === 'skipped' ? 'gray' : 'blue',
          content: (
            <div className="plan-log-entry" data-testid="plan-log-entry" data-kind={e.kind}>
              <span className="num plan-log-time">{formatShort(e.at)}</span>
              <span className={bad.has(e.kind) ? 'danger' : undefined}>{logText(m, e)}</span>
            </div>
          ),
        }))}
      />
    </div>
  );
}
