/**
 * The town's standing data: boards, posts with their A/B holders, people, grids and the catalogue.
 * Loaded into memory (it changes rarely and every command routes through it) and refreshed when
 * it changes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CatalogueItem, Level, Person, PostInfo, Role } from '../../../preload/contract/schemas';
import { checkPassword } from '../../../preload/contract/password-policy';
import { hashPassword } from '../auth/passwords';
import { refuse } from '../errors';
import { newId } from '../kernel/ids';
import type { Sql } from '../db/db';
import { SYSTEM } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { actingHolder, contractAs, type ActingDecision } from '../posts/acting-holder';
import type { ItemLimits } from '../sla/sla';
import { TownRepository } from './town.repository';

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

export const DEMO_PASSWORD = 'duty1234';

/** Where a town set up by its administrator keeps its TownFile (meta; the demo town's is resources/demo-town/town.json). */
const OWN_TOWN_KEY = 'own_town';

/** A town's working hours until it sets its own (the usual 机关 hours). */
const DEFAULT_WORKING_HOURS = [
  { start: '08:30', end: '12:00' },
  { start: '13:30', end: '17:30' },
];

const UNCONFIGURED_TOWN: Omit<TownFile, 'workingHours'> = { townCode: '', name: '', centreName: '', districtName: '', center: [116.397, 39.909] };

/** The four boards of the 141 system: every town has them (DESIGN.md, 板块). */
const STANDARD_BOARDS = [
  { code: 'party', name: '党的建设' },
  { code: 'economy', name: '经济发展' },
  { code: 'livelihood', name: '民生服务' },
  { code: 'safety', name: '平安法治' },
];

/** What the first start asks for (preload/contract/setup-schemas.ts validates it first). */
export interface TownSetUp {
  readonly townCode: string;
  readonly townName: string;
  readonly centreName?: string;
  readonly districtName?: string;
  readonly admin: { readonly name: string; readonly username: string; readonly password: string; readonly phone?: string };
}

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
      if (!seeded) await this.seed(dir, options.kdfLogN);
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
   * (whose password follows the rule). One command; refused once the town exists.
   */
  async setUp(input: TownSetUp, options: { kdfLogN?: number; districtTownCode?: string } = {}): Promise<void> {
    if (this.configured) refuse('town_already_set_up', 'this console already has its town');
    if (options.districtTownCode !== undefined && options.districtTownCode !== input.townCode) {
      refuse('town_code_mismatch', `the district link is for town ${options.districtTownCode}, not ${input.townCode}`, { expected: options.districtTownCode });
    }
    const rule = checkPassword(input.admin.password, { username: input.admin.username });
    if (!rule.ok) refuse('weak_password', `the administrator's password breaks the rule: ${rule.issues.join(', ')}`, { reason: rule.issues[0] });
    const town: TownFile = {
      townCode: input.townCode,
      name: input.townName,
      centreName: input.centreName || `${input.townName}基层治理指挥中心`,
      districtName: input.districtName || '',
      center: this.town.center,
      workingHours: this.town.workingHours,
    };
    const hash = await hashPassword(input.admin.password, options.kdfLogN);
    const adminId = newId();
    await this.kernel.run(
      { name: 'town.setup', actor: SYSTEM, audit: { entity: 'town', entityId: town.townCode, detail: { name: town.name, admin: input.admin.username } } },
      async (tx) => {
        // Two windows set up at once: the second finds the first's town (its command runs after).
        if (await getMeta(tx.sql, OWN_TOWN_KEY)) refuse('town_already_set_up', 'this console already has its town');
        for (const b of STANDARD_BOARDS) await this.repo.insertBoard(tx.sql, b);
        await this.repo.insertPerson(tx.sql, {
          id: adminId,
          name: input.admin.name,
          phone: input.admin.phone ?? '',
          username: input.admin.username,
          passwordHash: hash,
          roles: ['admin'],
        });
        await setMeta(tx.sql, OWN_TOWN_KEY, JSON.stringify(town));
        await setMeta(tx.sql, 'town_code', town.townCode);
      },
    );
    this.town = town;
    this.configured = true;
    await this.reload();
    for (const hook of this.configuredHooks.splice(0)) hook();
  }

  private async seed(dir: string, kdfLogN?: number): Promise<void> {
    const load = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
    const boards = await load<{ code: string; name: string }[]>('boards.json');
    const people = await load<{ id: string; name: string; phone: string; username: string; roles: string[] }[]>('people.json');
    const posts = await load<(PostRecord & { aPersonId: string; bPersonId: string })[]>('posts.json');
    const grids = await load<{ features: { properties: Omit<GridRecord, 'geometry'>; geometry: unknown }[] }>('grids.geojson');
    const catalogue = await load<{
      categories: {
        code: string;
        name: string;
        boardCode: string;
        items: {
          code: string;
          name: string;
          pinyin: string;
          standard: string;
          leadPostCode: string;
          cooperatingPostCodes: string[];
          defaultLevel: Level;
          limits: ItemLimits;
          answerTemplate: string;
          sensorTypes?: string[];
        }[];
      }[];
    }>('catalogue.json');
    // One demo password for every demo account: hashed once (a slow KDF, on purpose), stored per person.
    const demoHash = await hashPassword(DEMO_PASSWORD, kdfLogN);
    const postIdByCode = new Map(posts.map((p) => [p.code, p.id]));
    await this.kernel.run({ name: 'town.seed', actor: SYSTEM, audit: false }, async (tx) => {
      const sql = tx.sql;
      for (const b of boards) await this.repo.insertBoard(sql, b);
      for (const p of people) await this.repo.insertPerson(sql, { ...p, passwordHash: demoHash });
      for (const p of posts) await this.repo.insertPost(sql, p);
      for (const f of grids.features) await this.repo.insertGrid(sql, { ...f.properties, geometry: f.geometry });
      for (const c of catalogue.categories) {
        for (const i of c.items) {
          const lead = postIdByCode.get(i.leadPostCode);
          if (!lead) throw new Error(`catalogue item ${i.code}: unknown lead post ${i.leadPostCode}`);
          const coop = i.cooperatingPostCodes.map((code) => {
            const id = postIdByCode.get(code);
            if (!id) throw new Error(`catalogue item ${i.code}: unknown cooperating post ${code}`);
            return id;
          });
          await this.repo.insertCatalogueItem(sql, {
            code: i.code,
            name: i.name,
            pinyin: i.pinyin,
            categoryCode: c.code,
            categoryName: c.name,
            boardCode: c.boardCode,
            standard: i.standard,
            leadPostId: lead,
            cooperatingPostIds: coop,
            defaultLevel: i.defaultLevel,
            limits: i.limits,
            answerTemplate: i.answerTemplate,
            sensorTypes: i.sensorTypes ?? [],
          });
        }
      }
      await setMeta(sql, 'seeded', new Date().toISOString());
      await setMeta(sql, 'town_code', this.town.townCode);
    });
  }

  async reload(): Promise<void> {
    await this.kernel.read(async (sql) => this.loadAll(sql));
  }

  private async loadAll(sql: Sql): Promise<void> {
    this.boards = await this.repo.boards(sql);
    const people = await this.repo.people(sql);
    this.people = new Map(
      people.map((p) => [
        p.id,
        {
          id: p.id,
          name: p.name,
          phone: p.phone,
          username: p.username,
          roles: p.roles.split(',').filter(Boolean) as Role[],
          available: p.available === 1 && p.active === 1,
          active: p.active === 1,
          boardCode: p.board_code,
        },
      ]),
    );
    const posts = await this.repo.posts(sql);
    this.posts = new Map(
      posts.map((p) => [
        p.id,
        { id: p.id, code: p.code, name: p.name, boardCode: p.board_code, kind: p.kind, phone: p.phone, aPersonId: p.a_person_id, bPersonId: p.b_person_id, active: p.active === 1 },
      ]),
    );
    this.postsByCode = new Map([...this.posts.values()].map((p) => [p.code, p]));
    const grids = await this.repo.grids(sql);
    this.grids = new Map(
      grids.map((g) => [
        g.code,
        {
          code: g.code,
          name: g.name,
          village: g.village,
          villageCode: g.village_code,
          households: g.households,
          gridWorkerId: g.grid_worker_id,
          geometry: JSON.parse(g.geometry),
          active: g.active !== 0,
        },
      ]),
    );
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
      acting: { personId: acting.personId, name: person?.name ?? null, phone: person?.phone ?? null, as: acting.as },
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
