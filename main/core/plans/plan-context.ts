/**
 * What the parts of plans share: the kernel (every write is one of its commands), the narrow view
 * of the town plans need, the repository, the active templates' triggers (matched on every new
 * event), and the small helpers for names, loads and feed messages.
 */
import type { FeedMessage } from '../../../preload/contract/feed';
import type { PlanIssue, PlanTemplateBody, PlanTrigger } from '../../../preload/contract/plan-schemas';
import { BEIJING_OFFSET_MS } from '../beijing-time';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import type { ChangeFeed } from '../feed';
import { SYSTEM } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { PlanRepository, type RunRow, type TemplateRow } from './plan.repository';
import { validatePlan } from './plan-rules';

export interface PlanPost {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** A post's acting holder at an instant, as the town's duty rules decide it. */
export interface PlanHolder {
  readonly personId: string | null;
  readonly as: 'A' | 'B' | null;
  readonly onCall?: boolean;
  readonly rule?: string;
}

/** What plans need of the town (TownService satisfies it; wired in app-core.ts). */
export interface PlanTown {
  readonly town: { readonly centreName: string };
  /** The demo town gets the demo plans (resources/demo-town/plans.json); a town's own console starts with none. */
  readonly demo: boolean;
  readonly posts: ReadonlyMap<string, PlanPost>;
  readonly people: ReadonlyMap<string, { readonly name: string; readonly phone: string }>;
  readonly catalogue: { has(code: string): boolean };
  holderAt(post: PlanPost, at: Date): PlanHolder;
}

/** A template that can be proposed (not archived), with its triggers. */
export interface ActiveTemplate {
  readonly id: string;
  readonly name: string;
  readonly triggers: readonly PlanTrigger[];
}

export type PlanPart = 'templates' | 'proposals' | 'runs';

export const MINUTE = 60_000;

/** "HH:mm" in Beijing time of an ISO instant (what a refusal tells a person). */
export function beijingHm(iso: string): string {
  return new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString().slice(11, 16);
}

export class PlanContext {
  readonly repo = new PlanRepository();
  /** Templates that can be proposed: replaced after every commit that changed templates. */
  active: ActiveTemplate[] = [];

  constructor(
    readonly kernel: Kernel,
    readonly town: PlanTown,
    readonly feed: ChangeFeed,
    readonly resourcesDir: string,
    readonly fontFile: string,
  ) {}

  now(): Date {
    return this.kernel.clock.now();
  }

  validate(body: PlanTemplateBody): PlanIssue[] {
    return validatePlan(body, { hasPost: (id) => this.town.posts.has(id), hasCategory: (code) => this.town.catalogue.has(code) });
  }

  /** A person's name; null for no one and for the district's nodes. */
  name(id: string | null): string | null {
    if (!id) return null;
    if (id.startsWith('node:')) return null;
    return this.town.people.get(id)?.name ?? id;
  }

  /** Who did something, as a person reads it: a name, 系统, or 区级. */
  actorName(id: string | null): string {
    if (!id || id === SYSTEM.id) return '系统';
    if (id.startsWith('node:')) return '区级';
    return this.town.people.get(id)?.name ?? id;
  }

  postName(id: string): string {
    return this.town.posts.get(id)?.name ?? id;
  }

  message(parts: PlanPart[], runIds?: string[]): FeedMessage {
    return { topic: 'plans', parts, ...(runIds ? { runIds } : {}) };
  }

  /** The active templates of these rows (what onReported and matchEvent match against). */
  static activeOf(rows: readonly TemplateRow[]): ActiveTemplate[] {
    return rows.map((r) => ({ id: r.id, name: r.name, triggers: (JSON.parse(r.body) as PlanTemplateBody).triggers }));
  }

  async reloadActive(): Promise<void> {
    this.active = PlanContext.activeOf(await this.kernel.read((sql) => this.repo.activeTemplates(sql)));
  }

  async loadTemplate(sql: Sql, id: string): Promise<TemplateRow> {
    const row = await this.repo.template(sql, id);
    if (!row) refuse('not_found', `no plan template ${id}`, { id });
    return row;
  }

  async loadRun(sql: Sql, id: string): Promise<RunRow> {
    const row = await this.repo.run(sql, id);
    if (!row) refuse('not_found', `no plan run ${id}`, { id });
    return row;
  }
}
