/**
 * Issue #16: a run ended before all its steps were done is reviewed as ended early (提前结束) — on a
 * real SQLite file, on the screen's read model and in the PDF's text — naming exactly the tasks never
 * done, with their post, holder and the state they were left in; skipped tasks are listed as skipped;
 * "没有延误/无延误" is never said of it. A run whose every step was done keeps "no delays".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestCore } from '../support/core';
import { bj, rosterCore } from '../roster/helpers';

let t: TestCore;

beforeEach(async () => {
  t = await rosterCore();
  await t.core.roster.generate(t.admin, '2026-01');
});
afterEach(async () => {
  await t.close();
});

const forestFire = async () => t.core.plans.template(t.officer, (await t.core.plans.templates(t.officer)).find((p) => p.kind === 'forest_fire')!.id);

/** The review PDF's text (pdftotext), with all white space taken out. */
async function pdfText(runId: string): Promise<string> {
  const pdf = await t.core.plans.reviewPdf(t.leader, runId);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'plan-review-pdf-'));
  const file = path.join(dir, 'review.pdf');
  writeFileSync(file, Buffer.from(pdf.dataBase64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

const squeeze = (s: string) => s.replace(/\s+/g, '');

describe('a run ended early', () => {
  it('a drill ended after 1 of 9 tasks: ended early, exactly the 8 never done named, never "no delays"', async () => {
    t.clock.set(bj('2026-01-07', '10:00'));
    const template = await forestFire();
    expect(template.steps).toHaveLength(9);
    const { runId } = await t.core.plans.start(t.officer, { templateId: template.id, drill: true, scenario: '模拟：溪口村后山发现烟点' });
    const started = await t.core.plans.run(t.leader, runId);
    const verify = started.tasks.find((x) => x.stepId === 'verify')!;
    await t.core.plans.completeTask(t.officer, runId, verify.id);
    // One of the steps released by verify is acknowledged, then the leader ends the drill.
    const afterVerify = (await t.core.plans.run(t.leader, runId)).tasks;
    const traffic = afterVerify.find((x) => x.stepId === 'traffic')!;
    expect(traffic.status).toBe('dispatched');
    await t.core.plans.ackTask(t.officer, runId, traffic.id);
    t.clock.set(bj('2026-01-07', '10:05'));
    await t.core.plans.endRun(t.leader, runId, '演练目的已达到');
    const ended = await t.core.plans.run(t.leader, runId);
    const leaderName = t.core.town.people.get(t.leader.id)!.name;

    const review = await t.core.plans.review(t.leader, runId);
    expect(review.noDelays).toBe(false);
    expect(review.delays).toEqual([]);
    expect(review.endedEarly).toEqual({
      endedAt: bj('2026-01-07', '10:05'),
      endedByName: leaderName,
      reason: '演练目的已达到',
      total: 9,
      done: 1,
      skipped: 0,
      notDone: 8,
    });
    expect(review.skipped).toEqual([]);
    // Exactly the eight never done, in plan order, each where it was left.
    const byStep = new Map(ended.tasks.map((x) => [x.stepId, x]));
    const leftIn: Record<string, string> = {
      muster: 'dispatched',
      patrol: 'dispatched',
      'report-district': 'dispatched',
      traffic: 'acknowledged',
      evacuate: 'dispatched',
      medical: 'dispatched',
      publicity: 'waiting',
      'mop-up': 'waiting',
    };
    expect(review.unfinished).toEqual(
      template.steps
        .filter((s) => s.id !== 'verify')
        .map((s) => {
          const task = byStep.get(s.id)!;
          return {
            stepId: s.id,
            title: s.title,
            postName: task.postName,
            holderName: task.releasedAt ? task.holderName : null,
            rule: task.rule,
            leftIn: leftIn[s.id],
          };
        }),
    );
    expect(review.unfinished.find((u) => u.stepId === 'traffic')!.holderName).toBe(traffic.holderName);

    // The PDF says the same, in Beijing time, and never "no delays".
    const text = await pdfText(runId);
    expect(text).toContain(squeeze('提前结束：9 项任务中完成 1 项，未完成 8 项'));
    expect(text).toContain(squeeze(`由 ${leaderName} 于 2026-01-07 10:05（北京时间）结束；原因：演练目的已达到`));
    for (const u of review.unfinished) expect(text).toContain(u.title.replace(/\s+/g, ''));
    expect(text).toContain(squeeze(`道路交通管制 — ${traffic.postName}（责任人 ${traffic.holderName}）：处置中`));
    expect(text).toContain(squeeze(`清理余火、看守火场 — ${byStep.get('mop-up')!.postName}（责任人 —）：未下达`));
    expect(text).toContain('待签收');
    expect(text).not.toContain('无延误');
    expect(text).not.toContain('没有延误');
  });

  it('a skipped task is listed as skipped, not as never done', async () => {
    t.clock.set(bj('2026-01-07', '10:00'));
    const template = await forestFire();
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    const run = await t.core.plans.run(t.leader, runId);
    const patrol = run.tasks.find((x) => x.stepId === 'patrol')!;
    await t.core.plans.skipTask(t.leader, runId, patrol.id, '现场已有力量');
    await t.core.plans.completeTask(t.officer, runId, run.tasks.find((x) => x.stepId === 'verify')!.id);
    await t.core.plans.endRun(t.leader, runId, '误报，已核实为炊烟');

    const review = await t.core.plans.review(t.leader, runId);
    expect(review.endedEarly).toMatchObject({ total: 9, done: 1, skipped: 1, notDone: 7 });
    expect(review.skipped).toEqual([
      {
        stepId: 'patrol',
        title: patrol.title,
        postName: patrol.postName,
        holderName: patrol.holderName,
        skippedAt: bj('2026-01-07', '10:00'),
        skippedByName: t.core.town.people.get(t.leader.id)!.name,
        reason: '现场已有力量',
      },
    ]);
    expect(review.unfinished.map((u) => u.stepId)).toEqual(['muster', 'report-district', 'traffic', 'evacuate', 'medical', 'publicity', 'mop-up']);
    const text = await pdfText(runId);
    expect(text).toContain(squeeze('提前结束：9 项任务中完成 1 项，跳过 1 项，未完成 7 项'));
    expect(text).toContain(squeeze('已跳过的任务'));
    expect(text).toContain(squeeze('（现场已有力量）'));
  });
});

describe('a run whose every step was done', () => {
  it("keeps today's wording: no delays, nothing ended early", async () => {
    t.clock.set(bj('2026-01-07', '10:00'));
    const template = await forestFire();
    const { runId } = await t.core.plans.start(t.leader, { templateId: template.id, drill: false });
    for (let guard = 0; guard < 20; guard++) {
      const run = await t.core.plans.run(t.leader, runId);
      const open = run.tasks.filter((x) => x.status === 'dispatched' || x.status === 'acknowledged');
      if (open.length === 0) break;
      for (const x of open) await t.core.plans.completeTask(t.officer, runId, x.id);
    }
    expect((await t.core.plans.run(t.leader, runId)).status).toBe('finished');
    const review = await t.core.plans.review(t.leader, runId);
    expect(review).toMatchObject({ noDelays: true, endedEarly: null, unfinished: [], skipped: [], delays: [] });
    const text = await pdfText(runId);
    expect(text).toContain('无延误，各步骤均按时完成。');
    expect(text).not.toContain('提前结束');
  });
});
