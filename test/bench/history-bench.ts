/**
 * 历史事件's figure (issue #15): a text plus filter search over the bench's 1,000,000 events
 * returning the first page (50 rows; the count is asked apart, after the page, and timed once per
 * search in `searches`), through HistoryService
 * (permission, names, TypeORM + sqlite3) against raw better-sqlite3 running the same SQL with the
 * same parameters in the same run (the calls our search made, recorded, prepared once on the raw
 * side). Searches an officer makes: a word of three characters or more (the trigram index), a word of
 * two (compared within a time range), pinyin initials, each with a filter.
 */
import type Database from 'better-sqlite3';
import type { Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import type { HistoryFilter } from '../../preload/contract/history-schemas';
import { recordSqliteCalls } from './sqlite-calls';
import { interleave, round, summarize, type Summary } from './stats';

const PAGE = 50;
const DAY = 24 * 3600_000;

export interface HistoryBenchResult {
  ours: Summary;
  raw: Summary;
  /** Per search: the rows of its first page and the count. */
  searches: { name: string; filter: HistoryFilter; rows: number; total: string; countMs: number; sameRows: boolean; p99: number; rawP99: number }[];
  plans: Record<string, string[]>;
}

/** The searches, against the bench's demo town at `now`. */
function searches(core: Core, now: string): { name: string; filter: HistoryFilter }[] {
  const ago = (days: number): string => new Date(Date.parse(now) - days * DAY).toISOString();
  const grids = [...core.town.grids.values()];
  const village = grids[0]!.village;
  const category = [...core.town.catalogue.values()][0]!.categoryCode;
  return [
    { name: '老党员 + closed', filter: { text: '老党员', states: ['closed'] } },
    { name: '家庭暴力 + last year + general', filter: { text: '家庭暴力', from: ago(365), levels: ['general'] } },
    { name: '拆迁补偿 + hotline/grid + not overdue', filter: { text: '拆迁补偿', sources: ['hotline', 'grid'], overdue: false } },
    { name: '锦溪花园 + village', filter: { text: '锦溪花园', village } },
    { name: 'initials jxhy + category', filter: { text: 'jxhy', categoryCode: category } },
    { name: '异味 (2 chars) + last 30 days', filter: { text: '异味', from: ago(30) } },
  ];
}

export async function historyBench(core: Core, raw: Database.Database, actor: Actor, iterations: number, log: (line: string) => void): Promise<HistoryBenchResult> {
  const now = core.clock.now().toISOString();
  const list = searches(core, now);
  const recorder = recordSqliteCalls(core.db.dataSource);
  const prepared: { run: () => unknown; name: string }[] = [];
  const result: HistoryBenchResult['searches'] = [];
  const plans: Record<string, string[]> = {};
  try {
    for (const s of list) {
      recorder.reset();
      const page = await core.history.search(actor, { ...s.filter, limit: PAGE });
      const calls = recorder.calls().filter((c) => c.method === 'all' || c.method === 'get');
      // The raw side: the same statements, prepared once, with the same parameters.
      const statements = calls.map((c) => ({ statement: raw.prepare(c.text), params: c.params.map((v) => (v === undefined ? null : typeof v === 'boolean' ? Number(v) : v)) }));
      const rawPage = statements[0]!.statement.all(...statements[0]!.params) as { id: string }[];
      const sameRows = rawPage.length === page.rows.length + (page.nextCursor ? 1 : 0) && page.rows.every((r, i) => r.id === rawPage[i]!.id);
      plans[s.name] = (raw.prepare(`EXPLAIN QUERY PLAN ${calls[0]!.text}`).all(...statements[0]!.params) as { detail: string }[]).map((r) => r.detail);
      prepared.push({ name: s.name, run: () => statements.map((x) => x.statement.all(...x.params)) });
      const t0 = performance.now();
      const count = await core.history.count(actor, s.filter);
      const countMs = round(performance.now() - t0, 1);
      const total = `${count.total}${count.capped ? '+' : ''}`;
      result.push({ name: s.name, filter: s.filter, rows: page.rows.length, total, countMs, sameRows, p99: 0, rawP99: 0 });
      log(`   ${s.name}: ${page.rows.length} rows (of ${total}, counted apart in ${countMs} ms); ${calls.length} statement(s); same rows raw: ${sameRows}`);
    }
  } finally {
    recorder.restore();
  }
  const n = list.length;
  const pair = {
    ours: (i: number) => core.history.search(actor, { ...list[i % n]!.filter, limit: PAGE }),
    raw: (i: number) => prepared[i % n]!.run(),
  };
  await interleave(pair, 6 * n, 2 * n);
  const samples = await interleave(pair, iterations - (iterations % n), 4 * n);
  result.forEach((r, k) => {
    r.p99 = round(summarize(samples.ours.filter((_, i) => i % n === k)).p99);
    r.rawP99 = round(summarize(samples.raw.filter((_, i) => i % n === k)).p99);
  });
  return { ours: summarize(samples.ours), raw: summarize(samples.raw), searches: result, plans };
}
