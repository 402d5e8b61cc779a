/**
 * Realistic event rows for the benchmark: the demo town's catalogue items, grids, posts and people,
 * the simulator's phrases, plausible level/source/state mixes and timestamps that follow the
 * lifecycle. Deterministic for a given seed (ids excepted, which are random UUIDs like the app's).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Level, Limit, Source, State } from '../../preload/contract/schemas';
import type { EventRecord } from '../../main/core/events/event.repository';
import { LEVEL_RANK } from '../../main/core/events/event.service';
import { currentClock, LEVEL_CEILINGS, type ItemLimits } from '../../main/core/sla/sla';
import type { TownService } from '../../main/core/town/town.service';
import { seededRandom } from '../../main/core/seeded-random';

/** Bump when the generator changes in a way that should invalidate cached fills. */
export const GENERATOR_VERSION = 1;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The seeded generator of test data (main/core/seeded-random.ts). */
export const prng = seededRandom;

interface Weighted<T> {
  values: T[];
  cumulative: number[];
}

function weighted<T>(pairs: [T, number][]): Weighted<T> {
  let sum = 0;
  const cumulative = pairs.map(([, w]) => (sum += w));
  return { values: pairs.map(([v]) => v), cumulative: cumulative.map((c) => c / sum) };
}

function pick<T>(w: Weighted<T>, r: number): T {
  let lo = 0;
  let hi = w.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r < w.cumulative[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return w.values[lo]!;
}

const LEVEL_ORDER: readonly Level[] = ['general', 'major', 'serious', 'especially_serious'];
const SOURCES: Weighted<Source> = weighted<Source>([
  ['grid', 45],
  ['hotline', 24],
  ['sensor', 6],
  ['phone', 11],
  ['walk_in', 5],
  ['district', 9],
]);
const OPEN_STATES: Weighted<State> = weighted<State>([
  ['reported', 35],
  ['accepted', 8],
  ['dispatched', 20],
  ['in_progress', 27],
  ['resolved', 7],
  ['returned', 2],
  ['escalated', 1],
]);
const CLOSED_STATES: Weighted<State> = weighted<State>([
  ['closed', 93],
  ['invalid', 5],
  ['merged', 2],
]);
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华建国志红春梅海波宁鹏辉玲燕飞鑫';

/** Approximate calendar length of a working-time limit (no calendar needed for test data). */
function approxMs(limit: Limit): number {
  switch (limit.unit) {
    case 'minute':
      return limit.value * MINUTE;
    case 'hour':
      return limit.value * HOUR;
    case 'work_hour':
      return limit.value * 2.6 * HOUR;
    case 'work_day':
      return limit.value * 1.45 * DAY;
    default:
      return limit.value * HOUR;
  }
}

function approxDeadline(start: number, clock: keyof ItemLimits, item: ItemLimits, level: Level): string {
  return new Date(start + Math.min(approxMs(item[clock]), approxMs(LEVEL_CEILINGS[level][clock]))).toISOString();
}

interface ItemInfo {
  code: string;
  name: string;
  boardCode: string;
  leadPostId: string;
  coopPostIds: string;
  defaultLevel: Level;
  limits: ItemLimits;
  hasSensors: boolean;
  phrases: { title: string; description: string }[];
}

export interface TownData {
  townCode: string;
  center: [number, number];
  items: ItemInfo[];
  grids: { code: string; households: number; village: string }[];
  /** A holder (or B) of each post: who handles and reports back. */
  postHolder: Map<string, string>;
  officers: string[];
  places: string[];
  roads: string[];
}

export function townData(town: TownService, resourcesDir: string): TownData {
  const phrases = JSON.parse(readFileSync(path.join(resourcesDir, 'demo-town', 'sim-phrases.json'), 'utf8')) as {
    items: Record<string, { title: string; description: string }[]>;
    roads: string[];
    places: { name: string }[];
  };
  const items = [...town.catalogue.values()].map((i) => ({
    code: i.code,
    name: i.name,
    boardCode: i.boardCode,
    leadPostId: i.leadPostId,
    coopPostIds: JSON.stringify(i.cooperatingPostIds),
    defaultLevel: i.defaultLevel,
    limits: i.limits,
    hasSensors: i.sensorTypes.length > 0,
    phrases: phrases.items[i.code] ?? [],
  }));
  const postHolder = new Map<string, string>();
  for (const p of town.posts.values()) {
    const holder = p.aPersonId ?? p.bPersonId;
    if (holder) postHolder.set(p.id, holder);
  }
  const officers = [...town.people.values()].filter((p) => p.roles.includes('officer')).map((p) => p.id);
  return {
    townCode: town.town.townCode,
    center: town.town.center,
    items,
    grids: [...town.grids.values()].map((g) => ({ code: g.code, households: g.households, village: g.village })),
    postHolder,
    officers,
    places: phrases.places.map((p) => p.name),
    roads: phrases.roads,
  };
}

/** Makes event rows one at a time; `make(reportedAtMs, open)`. */
export class EventFactory {
  private readonly rnd: () => number;
  private readonly items: Weighted<ItemInfo>;
  private readonly grids: Weighted<TownData['grids'][number]>;
  private readonly recentIds: string[] = [];
  private counter = 0;

  constructor(
    private readonly town: TownData,
    private readonly nodeId: string,
    seed: number,
  ) {
    this.rnd = prng(seed);
    // A few items are far more common than the rest (Zipf-like): noise, garbage, parking, disputes…
    const order = [...town.items].sort((a, b) => a.code.localeCompare(b.code));
    const shuffled = order.map((item, i) => ({ item, k: prng(i + 7)() })).sort((a, b) => a.k - b.k);
    this.items = weighted(shuffled.map(({ item }, rank) => [item, 1 / (rank + 1) ** 0.9] as [ItemInfo, number]));
    this.grids = weighted(town.grids.map((g) => [g, g.households] as [TownData['grids'][number], number]));
  }

  private int(n: number): number {
    return Math.floor(this.rnd() * n);
  }

  private between(lo: number, hi: number): number {
    return lo + this.rnd() * (hi - lo);
  }

  private level(item: ItemInfo): Level {
    const r = this.rnd();
    const base = LEVEL_ORDER.indexOf(item.defaultLevel);
    // Mostly the item's default; sometimes one level up or down; rarely especially serious.
    let idx = base;
    if (r < 0.08) idx = base + 1;
    else if (r < 0.14) idx = base - 1;
    else if (r < 0.145) idx = 3;
    return LEVEL_ORDER[Math.max(0, Math.min(3, idx))]!;
  }

  private title(item: ItemInfo): { title: string; description: string | null } {
    if (item.phrases.length > 0 && this.rnd() < 0.7) {
      const p = item.phrases[this.int(item.phrases.length)]!;
      return { title: p.title, description: p.description };
    }
    const where = this.rnd() < 0.5 ? this.town.places[this.int(this.town.places.length)]! : this.town.roads[this.int(this.town.roads.length)]!;
    return { title: `${where}${item.name}`, description: this.rnd() < 0.5 ? `${where}附近群众反映${item.name}相关问题，请核实处理。` : null };
  }

  private caller(): { name: string; phone: string } {
    const name = SURNAMES[this.int(SURNAMES.length)]! + GIVEN[this.int(GIVEN.length)]! + (this.rnd() < 0.6 ? GIVEN[this.int(GIVEN.length)]! : '');
    const phone = `1${3 + this.int(7)}${String(this.int(1e9)).padStart(9, '0')}`;
    return { name, phone };
  }

  /**
   * One event reported at `reportedAt` (ms). `open` events are in one of the open states with the
   * SLA clock the desk watches; closed ones went the whole way (or were invalid/merged).
   */
  make(reportedAt: number, open: boolean, now: number): EventRecord {
    const item = pick(this.items, this.rnd());
    const level = this.level(item);
    let source = pick(SOURCES, this.rnd());
    if (source === 'sensor' && !item.hasSensors) source = 'grid';
    const grid = source === 'district' && this.rnd() < 0.3 ? null : pick(this.grids, this.rnd());
    const located = grid !== null && this.rnd() < 0.75;
    const caller = source === 'hotline' || source === 'phone' || source === 'walk_in' ? this.caller() : null;
    const { title, description } = this.title(item);
    const state: State = open ? pick(OPEN_STATES, this.rnd()) : pick(CLOSED_STATES, this.rnd());
    const id = randomUUID();
    const iso = (ms: number): string => new Date(ms).toISOString();

    // Walk the lifecycle as far as the state says, never past `now`.
    const steps: State[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed'];
    const reach = state === 'invalid' || state === 'merged' ? 1 : state === 'returned' || state === 'escalated' ? 1 : Math.max(0, steps.indexOf(state));
    const cap = (t: number): number => Math.min(t, now - 1000);
    const acceptedAt = reach >= 1 ? cap(reportedAt + this.between(0.3, 12) * MINUTE) : null;
    const dispatchedAt = reach >= 2 ? cap(acceptedAt! + this.between(0.5, 20) * MINUTE) : null;
    const acknowledgedAt = reach >= 3 ? cap(dispatchedAt! + this.between(1, 35) * MINUTE) : null;
    const arrivedAt = reach >= 3 && (reach >= 4 || this.rnd() < 0.6) ? cap(acknowledgedAt! + this.between(10, 180) * MINUTE) : null;
    const resolvedAt = reach >= 4 ? cap((arrivedAt ?? acknowledgedAt!) + this.between(0.5, 96) * HOUR) : null;
    const closedAt =
      reach >= 5 ? cap(resolvedAt! + this.between(0.2, 30) * HOUR) : state === 'invalid' || state === 'merged' ? cap(acceptedAt! + this.between(1, 60) * MINUTE) : null;

    const acceptDue = approxDeadline(reportedAt, 'accept', item.limits, level);
    const ackDue = dispatchedAt !== null ? approxDeadline(dispatchedAt, 'acknowledge', item.limits, level) : null;
    const onSceneDue = dispatchedAt !== null ? approxDeadline(dispatchedAt, 'onScene', item.limits, level) : null;
    const resolveDue = dispatchedAt !== null ? approxDeadline(dispatchedAt, 'resolve', item.limits, level) : null;
    const clock = open ? currentClock(state, { acceptDue, ackDue, onSceneDue, resolveDue, arrivedAt: arrivedAt !== null ? iso(arrivedAt) : null }) : null;
    const last = closedAt ?? resolvedAt ?? arrivedAt ?? acknowledgedAt ?? dispatchedAt ?? acceptedAt ?? reportedAt;
    const version = 1 + reach + (arrivedAt !== null ? 1 : 0) + (state === 'returned' || state === 'escalated' || state === 'invalid' || state === 'merged' ? 1 : 0);
    const handler = resolvedAt !== null ? (this.town.postHolder.get(item.leadPostId) ?? null) : null;
    const duplicateOf = this.recentIds.length > 0 && this.rnd() < 0.02 ? this.recentIds[this.int(this.recentIds.length)]! : null;
    const mergedInto = state === 'merged' && this.recentIds.length > 0 ? this.recentIds[this.int(this.recentIds.length)]! : null;
    const overdue = clock !== null && clock.dueAt < iso(now);
    this.counter = (this.counter + 1) % 10_000;
    if (this.recentIds.length < 64) this.recentIds.push(id);
    else this.recentIds[this.int(64)] = id;

    return {
      id,
      town_code: this.town.townCode,
      title,
      description,
      category_code: item.code,
      board_code: item.boardCode,
      level,
      level_rank: LEVEL_RANK[level],
      source,
      grid_code: grid?.code ?? null,
      lng: located ? Math.round((this.town.center[0] + this.between(-0.04, 0.04)) * 1e6) / 1e6 : null,
      lat: located ? Math.round((this.town.center[1] + this.between(-0.03, 0.03)) * 1e6) / 1e6 : null,
      caller_name: caller?.name ?? null,
      caller_phone: caller?.phone ?? null,
      state,
      is_open: open ? 1 : 0,
      reported_at: iso(reportedAt),
      accepted_at: acceptedAt !== null ? iso(acceptedAt) : null,
      dispatched_at: dispatchedAt !== null ? iso(dispatchedAt) : null,
      acknowledged_at: acknowledgedAt !== null ? iso(acknowledgedAt) : null,
      arrived_at: arrivedAt !== null ? iso(arrivedAt) : null,
      resolved_at: resolvedAt !== null ? iso(resolvedAt) : null,
      closed_at: closedAt !== null ? iso(closedAt) : null,
      accept_due: acceptDue,
      ack_due: ackDue,
      on_scene_due: onSceneDue,
      resolve_due: resolveDue,
      due_at: clock?.dueAt ?? null,
      due_kind: clock?.kind ?? null,
      lead_post_id: dispatchedAt !== null ? item.leadPostId : null,
      coop_post_ids: dispatchedAt !== null ? item.coopPostIds : '[]',
      handler_id: handler,
      possible_duplicate_of: duplicateOf,
      merged_into: mergedInto,
      carried_over: overdue && this.rnd() < 0.3 ? 1 : 0,
      carry_over_note: null,
      hold_review_by: null,
      clock_paused_at: null,
      version,
      hlc: `${iso(last)}-${String(this.counter).padStart(4, '0')}-${this.nodeId}`,
      updated_at: iso(last),
    };
  }

  /** Ages (ms before `now`) for `n` open events: mostly recent, a long tail of old stuck ones. */
  openAges(n: number): number[] {
    const ages: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = this.rnd();
      // 60 % within 2 days, 30 % within 3 weeks, 10 % up to a year (stuck, returned, escalated…).
      const age = r < 0.6 ? this.between(1, 2 * 24 * 60) * MINUTE : r < 0.9 ? this.between(2, 21) * DAY : this.between(21, 365) * DAY;
      ages.push(age);
    }
    return ages.sort((a, b) => b - a);
  }
}
