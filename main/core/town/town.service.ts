/**
 * The town's standing data: boards, posts with their A/B holders, people, grids and the catalogue.
 * Loaded into memory (it changes rarely and every command routes through it) and refreshed when
 * it changes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogueItem, Level, Person, PostInfo } from '../../../preload/contract/schemas';
import type { Sql } from '../db/db';
import type { Kernel } from '../kernel/command-runner';
import { getMeta } from '../kernel/meta.repository';
import { actingHolder, contractAs, type ActingDecision } from '../posts/acting-holder';
import type { ItemLimits } from '../sla/sla';
import { gridOf, personOf, postOf, TownRepository } from './town.repository';
import { OWN_TOWN_KEY, seedDemoTown, setUpTown, type TownSetUp } from './town-setup';

export { DEMO_PASSWORD, type TownSetUp } from './town-setup';

export interface TownFile {
  townCode: string;
  name: string;
  centreName: string;
  districtName: string;
  center: [number, number];
  workingHours: { start: string; end: string }[];
}

export interface PersonRecord extends Person {
  readonly username: string;
  /** Can be dispatched to: active, and not marked unavailable. */
  readonly available: boolean;
  /** Not deactivated (a deactivated person keeps their history and cannot sign in: main/core/town/admin). */
  readonly active: boolean;
  readonly boardCode: string | null;
}

export interface PostRecord {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly boardCode: string;
  readonly kind: string;
  readonly phone: string;
  readonly aPersonId: string | null;
  readonly bPersonId: string | null;
  /** Not deactivated: nothing is dispatched to a deactivated post. */
  readonly active?: boolean;
}

export interface GridRecord {
  readonly code: string;
  readonly name: string;
  readonly village: string;
  readonly villageCode?: string;
  readonly households: number;
  readonly gridWorkerId: string | null;
  readonly geometry: unknown;
  /** Deactivated by an import: its events keep it, the map leaves it out. */
  readonly active?: boolean;
}

export interface CatalogueRecord extends CatalogueItem {
  readonly limits: ItemLimits;
  readonly sensorTypes: readonly string[];
  /** Deactivated by an import (main/core/town/import): its events keep it, the catalogue search leaves it out. */
  readonly active?: boolean;
}

/** A town's working hours until it sets its own (the usual 机关 hours). */
const DEFAULT_WORKING_HOURS = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const UNCONFIGURED_TOWN: Omit<TownFile, 'workingHours'> = { townCode: '', name: '', centreName: '', districtName: '', center: [116.397, 39.909] };

/**
 * Where acting holders come from once the roster is wired in (main/core/roster): who acts for a
 * post at an instant, and whether a person can take a post's task then. Without it, availability
 * alone decides (A if available, else B).
 */
export interface DutyResolver {
  now(): Date;
  decide(post: PostRecord, at: Date): ActingDecision;
  canAct(personId: string, post: PostRecord, at: Date): boolean;
}

/** A post's acting holder as dispatch records it: the contract's letter, and what the roster decided. */
export interface HolderAt {
  readonly personId: string | null;
  readonly as: 'A' | 'B' | null;
  /** The board's on-call person acts (the contract has no letter for it). */
  readonly onCall?: boolean;
  /** The rule of acting-holder.ts that decided. */
  readonly rule?: string;
}

export class TownService {
  town!: TownFile;
  /**
   * Whether this is the demo town (resources/demo-town, every account's password `duty1234`): sign-in
   * refuses the demo password in any other town. A database seeded with it stays the demo town.
   */
  demo = false;
  /**
   * Whether the town exists: the demo town, or a town set up by its administrator (setUp). An empty
   * console started without `--demo` is not configured: it answers only the set-up flow.
   */
  configured = false;
  private readonly configuredHooks: (() => void)[] = [];
  boards: { code: string; name: string }[] = [];
  people = new Map<string, PersonRecord>();
  posts = new Map<string, PostRecord>();
  postsByCode = new Map<string, PostRecord>();
  grids = new Map<string, GridRecord>();
  catalogue = new Map<string, CatalogueRecord>();
  private duty: DutyResolver | null = null;
  private readonly repo = new TownRepository();

  constructor(
    private readonly kernel: Kernel,
    private readonly resourcesDir: string,
  ) {}

  /**
   * Opens the town the database holds: the demo town (seeded once), or the town its administrator set
   * up. An empty database gets the demo town only when `demo` is asked for (`--demo`, `npm start`);
   * otherwise it waits, unconfigured, for the set-up flow (setUp).
   */
  async init(options: { kdfLogN?: number; demo?: boolean } = {}): Promise<void> {
    const dir = path.join(this.resourcesDir, 'demo-town');
    const { seeded, own } = await this.kernel.read(async (sql) => ({ seeded: await getMeta(sql, 'seeded'), own: await getMeta(sql, OWN_TOWN_KEY) }));
    if (own) {
      this.town = JSON.parse(own) as TownFile;
      this.configured = true;
    } else if (seeded || options.demo) {
      this.town = JSON.parse(await readFile(path.join(dir, 'town.json'), 'utf8')) as TownFile;
      if (!seeded) await seedDemoTown(this.kernel, dir, this.town.townCode, options.kdfLogN);
      this.demo = true;
      this.configured = true;
    } else {
      // Nothing yet: the working hours a town starts with, and no name until the set-up gives one.
      this.town = { ...UNCONFIGURED_TOWN, workingHours: DEFAULT_WORKING_HOURS.map((h) => ({ ...h })) };
    }
    await this.reload();
  }

  /** Called once the town exists (at once if it already does): the district link starts then. */
  onConfigured(hook: () => void): void {
    if (this.configured) hook();
    else this.configuredHooks.push(hook);
  }

  /**
   * The first start of a town's own console: its division code and name, and its first administrator
   * (town-setup.ts). One command; refused once the town exists, but a repeat of the same command id
   * answers as the first did.
   */
  async setUp(input: TownSetUp, options: { kdfLogN?: number; districtTownCode?: string } = {}): Promise<void> {
    const town = await setUpTown(this.kernel, this, input, options);
    if (!town) return;
    this.town = town;
    this.configured = true;
    await this.reload();
    for (const hook of this.configuredHooks.splice(0)) hook();
  }

  async reload(): Promise<void> {
    await this.kernel.read(async (sql) => this.loadAll(sql));
  }

  private async loadAll(sql: Sql): Promise<void> {
    this.boards = await this.repo.boards(sql);
    const people = await this.repo.people(sql);
    this.people = new Map(people.map((p) => [p.id, { ...personOf(p), username: p.username, available: p.available === 1 && p.active === 1 }]));
    const posts = await this.repo.posts(sql);
    this.posts = new Map(posts.map((p) => [p.id, postOf(p)]));
    this.postsByCode = new Map([...this.posts.values()].map((p) => [p.code, p]));
    const grids = await this.repo.grids(sql);
    this.grids = new Map(grids.map((g) => [g.code, { ...gridOf(g), geometry: JSON.parse(g.geometry) as unknown, active: g.active !== 0 }]));
    const items = await this.repo.catalogue(sql);
    this.catalogue = new Map(
      items.map((i) => [
        i.code,
        {
          code: i.code,
          name: i.name,
          pinyin: i.pinyin,
          categoryCode: i.category_code,
          categoryName: i.category_name,
          boardCode: i.board_code,
          standard: i.standard,
          leadPostId: i.lead_post_id,
          cooperatingPostIds: JSON.parse(i.coop_post_ids) as string[],
          defaultLevel: i.default_level as Level,
          limits: JSON.parse(i.limits) as ItemLimits,
          answerTemplate: i.answer_template,
          sensorTypes: JSON.parse(i.sensor_types) as string[],
          active: i.active !== 0,
        },
      ]),
    );
  }

  isAvailable = (personId: string): boolean => this.people.get(personId)?.available ?? false;

  person(id: string | null | undefined): Person | null {
    const p = id ? this.people.get(id) : undefined;
    return p ? { id: p.id, name: p.name, phone: p.phone, roles: [...p.roles] } : null;
  }

  setDutyResolver(resolver: DutyResolver | null): void {
    this.duty = resolver;
  }

  /** Who acts for the post at the instant: the roster's rule table when wired, else availability. */
  holderAt(post: PostRecord, at?: Date): HolderAt {
    if (!this.duty) return actingHolder(post, this.isAvailable);
    const d = this.duty.decide(post, at ?? this.duty.now());
    return { personId: d.personId, as: contractAs(d.as), ...(d.as === 'on_call' ? { onCall: true } : {}), rule: d.rule };
  }

  /** Whether the person can take the post's task at the instant (present, and on duty when the roster is wired). */
  canActAt(personId: string, post: PostRecord, at?: Date): boolean {
    if (!this.duty) return this.isAvailable(personId);
    return this.duty.canAct(personId, post, at ?? this.duty.now());
  }

  postInfo(post: PostRecord, at?: Date): PostInfo {
    const acting = this.holderAt(post, at);
    const person = this.person(acting.personId);
    return {
      id: post.id,
      code: post.code,
      name: post.name,
      boardCode: post.boardCode,
      kind: post.kind,
      phone: post.phone,
      a: this.person(post.aPersonId),
      b: this.person(post.bPersonId),
      acting: { personId: acting.personId, name: person?.name ?? null, phone: person?.phone ?? null, as: acting.as, ...(acting.onCall ? { onCall: true } : {}) },
      active: post.active !== false,
    };
  }

  /** Whether the person holds the post (A or B) — what lets board staff act for it. */
  holdsPost(personId: string, postId: string): boolean {
    const post = this.posts.get(postId);
    return !!post && (post.aPersonId === personId || post.bPersonId === personId);
  }

  searchCatalogue(q: string, limit: number): CatalogueRecord[] {
    const needle = q.trim().toLowerCase();
    const all = [...this.catalogue.values()].filter((i) => i.active !== false);
    if (!needle) return all.slice(0, limit);
    const scored = all
      .map((item) => {
        let score = -1;
        if (item.code.toLowerCase() === needle) score = 100;
        else if (item.pinyin.startsWith(needle)) score = 80;
        else if (item.name.includes(q.trim())) score = 70;
        else if (item.pinyin.includes(needle)) score = 50;
        else if (item.categoryName.includes(q.trim()) || item.standard.includes(q.trim())) score = 30;
        return { item, score };
      })
      .filter((s) => s.score >= 0)
      .sort((a, b) => b.score - a.score || a.item.code.localeCompare(b.item.code));
    return scored.slice(0, limit).map((s) => s.item);
  }
}
