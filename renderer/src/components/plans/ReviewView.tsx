/**
 * 复盘: an ended run against its plan — how long it took against how long it should have, each
 * step's planned and actual times with minutes late (red), every delay with who held the task,
 * the whole timeline; the PDF of the same downloads. A run ended before all its steps were done says
 * so first (提前结束, who, when, why) and names every task never done with its post, holder and the
 * state it was left in; skipped tasks are listed apart. "No delays" shows only when the core's review
 * says so (`noDelays`).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Statistic, Table, Tag } from 'antd';
import { useCallback, useState } from 'react';
import type { PlanReview, ReviewSkipped, ReviewStep, ReviewUnfinished } from '../../../../preload/contract';
import { api } from '../../api';
import { useDesk } from '../../context/Desk';
import { useFeedLoad } from '../../hooks/use-feed-load';
import { formatDateTime, formatShort } from '../../lib/beijing-time';
import { fill, nameOf, useMessages } from '../../locales';
import { downloadFile } from '../roster/files';
import { DrillTag } from './DrillTag';
import { RULE_COLORS, RUN_COLORS, TASK_COLORS } from './plan-text';
import { PlanLog } from './RunView';

export function ReviewView({ runId }: { runId: string }) {
  const m = useMessages();
  const v = m.plans.review;
  const desk = useDesk();
  const [review, setReview] = useState<PlanReview | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useFeedLoad(
    useCallback(() => api.plans.review({ runId }), [runId]),
    {
      apply: (r) => {
        if (r.ok) {
          setReview(r.data);
          setRefused(null);
        } else setRefused(r.error.code === 'plan_not_running' || r.error.code === 'conflict' ? v.notEnded : desk.describe(r.error));
      },
    },
  );

  const pdf = async () => {
    setBusy(true);
    const r = await api.plans.reviewPdf({ runId });
    setBusy(false);
    if (r.ok) downloadFile(r.data);
    else desk.report(r.error);
  };

  if (refused) return <Alert type="info" showIcon title={refused} data-testid="plan-review-refused" />;
  if (!review) return <div data-testid="plan-review" data-loading="true" />;
  const run = review.run;
  const over = Math.round(review.durationMinutes - review.plannedMinutes);
  // Minutes late where it happened; a step that never got there (cancelled at the end, skipped) shows a dash.
  const late = (n: number | null, happened: boolean) =>
    n === null || !happened ? (
      <span className="muted">{v.never}</span>
    ) : n > 0 ? (
      <span className="danger num" data-testid="plan-review-late">
        {fill(v.lateMinutes, { n: Math.round(n) })}
      </span>
    ) : (
      <span className="ok-text">{v.onTime}</span>
    );
  const time = (iso: string | null) => (iso ? <span className="num">{formatShort(iso)}</span> : <span className="muted">—</span>);
  const steps = [...review.steps].sort((a, b) => a.plannedStartAt.localeCompare(b.plannedStartAt));

  return (
    <div className="plan-review" data-testid="plan-review" data-run-id={run.id}>
      <header className={`plan-run-head ${run.drill ? 'is-drill' : ''}`}>
        <div className="plan-run-title">
          {run.drill && <DrillTag large />}
          <h2>{fill(v.title, { name: run.name })}</h2>
          <Tag color={RUN_COLORS[run.status]}>{nameOf(m.plans.runStatus, run.status)}</Tag>
          <div style={{ flex: 1 }} />
          <Button type="primary" icon={<DownloadOutlined />} loading={busy} onClick={() => void pdf()} data-testid="plan-review-pdf">
            {v.pdf}
          </Button>
        </div>
        <div className="plan-run-facts">
          <span>{review.centreName}</span>
          <span>{fill(m.plans.runs.startedBy, { name: run.startedByName, at: formatDateTime(run.startedAt) })}</span>
          {run.endedAt && (
            <span>
              {v.ended}：<span className="num">{formatDateTime(run.endedAt)}</span>
              {run.endReason && `（${run.endReason}）`}
            </span>
          )}
          {run.eventTitle && (
            <span>
              {m.plans.runs.event}：{run.eventTitle}
            </span>
          )}
          {run.scenario && (
            <span>
              {m.plans.runs.scenario}：{run.scenario}
            </span>
          )}
        </div>
        <div className="plan-review-figures" data-testid="plan-review-summary">
          <Statistic title={v.duration} value={Math.round(review.durationMinutes)} suffix={v.unit} />
          <Statistic title={v.planned} value={Math.round(review.plannedMinutes)} suffix={v.unit} />
          <Statistic title={m.plans.history.done} value={`${run.done}/${run.total}`} />
          <Statistic title={v.delays} value={review.delays.length} styles={{ content: { color: review.delays.length > 0 ? '#dc2626' : undefined } }} />
          {/* A run ended early is not "within plan": it did not finish. */}
          {run.status !== 'ended' && <div className={`plan-review-verdict ${over > 0 ? 'danger' : 'ok-text'}`}>{over > 0 ? fill(v.overBy, { n: over }) : v.within}</div>}
        </div>
      </header>

      {review.endedEarly && (
        <Alert
          type="error"
          showIcon
          data-testid="plan-review-ended-early"
          title={
            <strong>
              {fill(review.endedEarly.skipped > 0 ? v.endedEarlySkipped : v.endedEarly, {
                total: review.endedEarly.total,
                done: review.endedEarly.done,
                skipped: review.endedEarly.skipped,
                notDone: review.endedEarly.notDone,
              })}
            </strong>
          }
          description={fill(v.endedEarlyBy, {
            name: review.endedEarly.endedByName ?? v.nobody,
            at: formatDateTime(review.endedEarly.endedAt),
            reason: review.endedEarly.reason || v.noReason,
          })}
        />
      )}

      {review.unfinished.length > 0 && (
        <Card size="small" title={fill(v.unfinished, { n: review.unfinished.length })} data-testid="plan-review-unfinished">
          <Table<ReviewUnfinished>
            rowKey="stepId"
            size="small"
            pagination={false}
            dataSource={review.unfinished}
            onRow={(u) => ({ 'data-testid': 'plan-review-unfinished-task', 'data-step-id': u.stepId, 'data-left-in': u.leftIn }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: m.plans.task.step, render: (_: unknown, u) => u.title },
              { title: m.plans.task.post, width: 160, dataIndex: 'postName' },
              { title: m.plans.task.holder, width: 160, render: (_: unknown, u) => u.holderName ?? <span className="muted">—</span> },
              {
                title: v.leftIn,
                width: 120,
                render: (_: unknown, u) => <Tag color={u.leftIn === 'waiting' ? 'default' : 'orange'}>{nameOf(v.leftInStates, u.leftIn)}</Tag>,
              },
            ]}
          />
        </Card>
      )}

      {review.skipped.length > 0 && (
        <Card size="small" title={fill(v.skipped, { n: review.skipped.length })} data-testid="plan-review-skipped">
          <Table<ReviewSkipped>
            rowKey="stepId"
            size="small"
            pagination={false}
            dataSource={review.skipped}
            onRow={(k) => ({ 'data-testid': 'plan-review-skipped-task', 'data-step-id': k.stepId }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: m.plans.task.step, render: (_: unknown, k) => k.title },
              { title: m.plans.task.post, width: 160, dataIndex: 'postName' },
              {
                title: m.plans.task.status,
                width: 220,
                render: (_: unknown, k) => fill(v.skippedBy, { name: k.skippedByName ?? v.nobody, at: k.skippedAt ? formatShort(k.skippedAt) : '—' }),
              },
              { title: v.skipReason, render: (_: unknown, k) => k.reason ?? <span className="muted">—</span> },
            ]}
          />
        </Card>
      )}

      <Card size="small" title={v.delays} data-testid="plan-review-delays">
        {review.noDelays ? (
          <span className="ok-text">{v.noDelays}</span>
        ) : review.delays.length === 0 ? (
          <span className={review.endedEarly ? 'danger' : 'muted'}>{review.endedEarly ? fill(v.noDelaysEndedEarly, { n: review.endedEarly.notDone }) : v.stillOpen}</span>
        ) : (
          <ul className="plan-delays">
            {review.delays.map((d, i) => (
              <li key={i} className="danger" data-testid="plan-review-delay" data-step-id={d.stepId} data-kind={d.kind}>
                {fill(v.delay, { step: d.title, kind: nameOf(v.delayKinds, d.kind), n: Math.round(d.minutes), holder: d.holderName ?? v.nobody, post: d.postName })}
              </li>
            ))}
          </ul>
        )}
      </Card>

      <Card size="small" title={v.steps}>
        <Table<ReviewStep>
          rowKey="stepId"
          size="small"
          pagination={false}
          dataSource={steps}
          rowClassName={(s) => ((s.doneLateMinutes ?? 0) > 0 || (s.ackLateMinutes ?? 0) > 0 ? 'plan-task-row is-late' : 'plan-task-row')}
          onRow={(s) =>
            ({ 'data-testid': 'plan-review-step', 'data-step-id': s.stepId, 'data-late': (s.doneLateMinutes ?? 0) > 0 ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>
          }
          columns={[
            { title: m.plans.task.step, render: (_: unknown, s) => s.title },
            { title: m.plans.task.post, width: 130, dataIndex: 'postName' },
            {
              title: m.plans.task.holder,
              width: 140,
              render: (_: unknown, s) =>
                s.releasedAt === null ? (
                  <span className="muted">—</span>
                ) : (
                  <span data-testid="plan-review-holder">
                    {s.holderName ?? <Tag color="red">{m.plans.task.noHolder}</Tag>} {s.holderName && <Tag color={RULE_COLORS[s.rule]}>{nameOf(m.plans.rules, s.rule)}</Tag>}
                  </span>
                ),
            },
            { title: m.plans.task.status, width: 100, render: (_: unknown, s) => <Tag color={TASK_COLORS[s.status]}>{nameOf(m.plans.taskStatus, s.status)}</Tag> },
            { title: v.plannedStart, width: 100, render: (_: unknown, s) => time(s.plannedStartAt) },
            { title: v.plannedDone, width: 100, render: (_: unknown, s) => time(s.plannedDoneAt) },
            { title: v.actualReleased, width: 100, render: (_: unknown, s) => time(s.releasedAt) },
            { title: v.actualAcked, width: 100, render: (_: unknown, s) => time(s.ackedAt) },
            { title: v.actualDone, width: 100, render: (_: unknown, s) => time(s.doneAt) },
            { title: v.ackLate, width: 110, render: (_: unknown, s) => late(s.ackLateMinutes, s.ackedAt !== null) },
            { title: v.doneLate, width: 110, render: (_: unknown, s) => late(s.doneLateMinutes, s.doneAt !== null) },
          ]}
        />
      </Card>

      <Card size="small" title={v.timeline}>
        {review.timeline.length === 0 ? <Empty /> : <PlanLog entries={review.timeline} />}
      </Card>
    </div>
  );
}
