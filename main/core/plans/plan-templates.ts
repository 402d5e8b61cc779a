/**
 * Plan templates: the demo town's plans seeded once, the library, saving (every save a new
 * version) and archiving, the district's read-only templates arriving through sync, and which
 * templates an event matches. Every save or archive is one kernel command with its audit row.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlanTemplate, PlanTemplateBody, PlanTemplateSummary } from '../../../preload/contract/plan-schemas';
import { PlanTemplateBody as PlanTemplateBodySchema } from '../../../preload/contract/plan-schemas';
import type { Sql } from '../db/db';
import { refuse } from '../errors';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Tx } from '../kernel/command-runner';
import { withCommandScope } from '../kernel/command-scope';
import { newId } from '../kernel/ids';
import { getMeta, setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';
import { PlanContext } from './plan-context';
import { matchTrigger } from './plan-rules';
import type { TemplateRow } from './plan.repository';

const SEEDED_KEY = 'plans_seeded';

export class PlanTemplates {
  constructor(private readonly ctx: PlanContext) {}

  /** Seeds the demo town's plans once (resources/demo-town/plans.json), then loads the triggers. */
  async init(): Promise<void> {
    const seeded = await this.ctx.kernel.read((sql) => getMeta(sql, SEEDED_KEY));
    if (!seeded) {
      const file = path.join(this.ctx.resourcesDir, 'demo-town', 'plans.json');
      const plans = this.ctx.town.demo && existsSync(file) ? this.demoPlans(file) : [];
      // The core's own housekeeping: outside any front door's command id.
      await withCommandScope({}, () =>
        this.ctx.kernel.run({ name: 'plan.seed', actor: SYSTEM, audit: false }, async (tx) => {
          for (const body of plans) await this.put(tx.sql, newId(), body, 1, 'local', null, tx.at, tx.hlc.now());
          await setMeta(tx.sql, SEEDED_KEY, tx.at);
        }),
      );
    }
    await this.ctx.reloadActive();
  }

  /** The demo plans with post codes turned into the town's post ids; a plan that does not validate stops the start. */
  private demoPlans(file: string): PlanTemplateBody[] {
    const byCode = new Map([...this.ctx.town.posts.values()].map((p) => [p.code, p.id]));
    const raw = JSON.parse(readFileSync(file, 'utf8')) as {
      plans: (Omit<PlanTemplateBody, 'steps'> & { steps: (Omit<PlanTemplateBody['steps'][number], 'postId'> & { postCode: string })[] })[];
    };
    return raw.plans.map((p) => {
      const body = PlanTemplateBodySchema.parse({ ...p, steps: p.steps.map(({ postCode, ...s }) => ({ ...s, postId: byCode.get(postCode) ?? '' })) });
      const issues = this.ctx.validate(body);
      if (issues.length > 0) throw new Error(`demo plan ${p.name}: ${issues.map((i) => i.message).join('; ')}`);
      return body;
    });
  }

  private put(sql: Sql, id: string, body: PlanTemplateBody, version: number, source: 'local' | 'district', by: string | null, at: string, hlc: string): Promise<void> {
    return this.ctx.repo.putTemplate(sql, { id, name: body.name, kind: body.kind, version, source, body: JSON.stringify(body), hlc, at, by });
  }

  /** After a command that changed templates commits, the triggers matched on new events follow. */
  private async refreshActive(tx: Tx): Promise<void> {
    const active = PlanContext.activeOf(await this.ctx.repo.activeTemplates(tx.sql));
    tx.afterCommit(() => {
      this.ctx.active = active;
    });
    tx.emit(this.ctx.message(['templates']));
  }

  private view(r: TemplateRow): PlanTemplate {
    const body = JSON.parse(r.body) as PlanTemplateBody;
    return { ...body, id: r.id, version: r.version, source: r.source, updatedAt: r.updated_at, updatedBy: this.ctx.name(r.updated_by), archived: r.archived === 1 };
  }

  async templates(actor: Actor): Promise<PlanTemplateSummary[]> {
    permit(actor, 'readPlans');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.templatesWithRunning(sql));
    return rows.map((r) => {
      const body = JSON.parse(r.body) as PlanTemplateBody;
      return {
        id: r.id,
        name: r.name,
        kind: body.kind,
        version: r.version,
        source: r.source,
        steps: body.steps.length,
        triggers: body.triggers,
        archived: r.archived === 1,
        running: r.running,
      };
    });
  }

  async template(actor: Actor, id: string): Promise<PlanTemplate> {
    permit(actor, 'readPlans');
    return this.view(await this.ctx.kernel.read((sql) => this.ctx.loadTemplate(sql, id)));
  }

  saveTemplate(actor: Actor, req: { templateId?: string; template: PlanTemplateBody }): Promise<{ id: string; version: number }> {
    const id = req.templateId ?? newId();
    return this.ctx.kernel.run({ name: 'plan.save', actor, permission: 'editPlans', audit: false }, async (tx) => {
      const issues = this.ctx.validate(req.template);
      if (issues.length > 0) {
        refuse('invalid_plan', `the plan has ${issues.length} problem(s): ${issues.map((i) => i.message).join('; ')}`, { count: issues.length, first: issues[0]!.code });
      }
      let version = 1;
      if (req.templateId) {
        const existing = await this.ctx.loadTemplate(tx.sql, req.templateId);
        if (existing.source === 'district') refuse('plan_read_only', 'a plan from the district cannot be changed here; save it as a new plan');
        version = existing.version + 1;
      }
      await this.put(tx.sql, id, req.template, version, 'local', actor.id, tx.at, tx.hlc.now());
      await tx.audit('plan.save', 'planTemplate', id, { version, name: req.template.name });
      await this.refreshActive(tx);
      return { id, version };
    });
  }

  async archiveTemplate(actor: Actor, id: string): Promise<void> {
    await this.ctx.kernel.run({ name: 'plan.archive', actor, permission: 'editPlans', audit: { entity: 'planTemplate', entityId: id } }, async (tx) => {
      const t = await this.ctx.loadTemplate(tx.sql, id);
      if (t.source === 'district') refuse('plan_read_only', 'a plan from the district cannot be archived here');
      await this.ctx.repo.archiveTemplate(tx.sql, id, tx.at, actor.id);
      await this.refreshActive(tx);
    });
  }

  /**
   * A `planTemplate` upsert from the district (inside the sync transaction): a valid template
   * becomes (or replaces) a read-only district plan; `archived: true` retires it. An invalid one is
   * kept in the sync record only and changes nothing here.
   */
  async applyDistrictTemplate(sql: Sql, entityId: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<boolean> {
    const { archived, ...rest } = payload;
    if (archived === true) {
      await this.ctx.repo.archiveDistrictTemplate(sql, entityId, hlc, at);
      return true;
    }
    const parsed = PlanTemplateBodySchema.safeParse(rest);
    if (!parsed.success || this.ctx.validate(parsed.data).length > 0) return false;
    const existing = await this.ctx.repo.template(sql, entityId);
    if (existing && existing.source !== 'district') return false;
    await this.put(sql, entityId, parsed.data, (existing?.version ?? 0) + 1, 'district', null, at, hlc);
    return true;
  }

  /** After a sync page that changed district templates (committed by sync). */
  async templatesChanged(): Promise<void> {
    await this.ctx.reloadActive();
    this.ctx.feed.emit(this.ctx.message(['templates']));
  }

  /** Templates whose triggers the event matches (what the event's detail offers to start). */
  async matchEvent(actor: Actor, eventId: string): Promise<PlanTemplateSummary[]> {
    permit(actor, 'readPlans');
    const facts = await this.ctx.kernel.read((sql) => this.ctx.repo.eventFacts(sql, eventId));
    if (!facts) refuse('not_found', `no event ${eventId}`, { id: eventId });
    const matching = new Set(this.ctx.active.filter((t) => matchTrigger(t.triggers, facts)).map((t) => t.id));
    return (await this.templates(actor)).filter((t) => matching.has(t.id));
  }
}
