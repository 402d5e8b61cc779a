/**
 * The centre's duty setup: the shift templates and the duty settings (post hours, reminders, the
 * handover's timing and fixed checks). Seeded once with the defaults; kept in memory as committed.
 */
import type { DutySettings, DutySetup, SaveDutySetup, ShiftTemplate } from '../../../preload/contract/roster-schemas';
import { refuse } from '../errors';
import { getMeta, setMeta, SYSTEM, type Actor } from '../kernel';
import { permit } from '../kernel/permissions';
import type { RosterContext } from './roster-context';
import { defaultSettings, templatePresets, templateProblem } from './shift-templates';

const SETTINGS_KEY = 'duty_settings';

export class RosterSetup {
  constructor(private readonly ctx: RosterContext) {}

  /** Seeds the default templates (day + night) and settings once, then loads them and the index. */
  async init(): Promise<void> {
    const { repo } = this.ctx;
    await this.ctx.kernel.run({ name: 'roster.seed', actor: SYSTEM, audit: false }, async ({ sql }) => {
      if ((await repo.templates(sql)).length === 0) await repo.replaceTemplates(sql, templatePresets(this.ctx.town.boards)[0]!.templates);
      if (!(await getMeta(sql, SETTINGS_KEY))) await setMeta(sql, SETTINGS_KEY, JSON.stringify(defaultSettings()));
    });
    await this.ctx.kernel.read(async (sql) => {
      this.ctx.templates = await repo.templates(sql);
      this.ctx.settings = { ...defaultSettings(), ...(JSON.parse((await getMeta(sql, SETTINGS_KEY))!) as DutySettings) };
      this.ctx.index = await this.ctx.loadIndex(sql);
    });
  }

  setup(actor: Actor): DutySetup {
    permit(actor, 'readRoster');
    return { templates: structuredClone(this.ctx.templates), settings: structuredClone(this.ctx.settings), presets: templatePresets(this.ctx.town.boards) };
  }

  async saveSetup(actor: Actor, input: SaveDutySetup): Promise<DutySetup> {
    permit(actor, 'editShiftTemplates');
    const problem = templateProblem(input.templates as ShiftTemplate[], new Set(this.ctx.town.boards.map((b) => b.code)));
    if (problem) refuse('invalid', problem, { field: 'templates' });
    const codes = new Set(input.settings.fixedChecks.map((c) => c.code));
    if (codes.size !== input.settings.fixedChecks.length) refuse('invalid', 'a fixed check code is listed twice', { field: 'fixedChecks' });
    await this.ctx.change({ name: 'roster.setup', actor, permission: 'editShiftTemplates' }, ['setup'], async (tx) => {
      await this.ctx.repo.replaceTemplates(tx.sql, input.templates as ShiftTemplate[]);
      await setMeta(tx.sql, SETTINGS_KEY, JSON.stringify(input.settings));
      await tx.audit('roster.setup', 'shift_template', null, input);
      // Committed: now the cached setup, and the index's post hours, follow it.
      tx.afterCommit(() => {
        this.ctx.templates = structuredClone(input.templates as ShiftTemplate[]);
        this.ctx.settings = structuredClone(input.settings as DutySettings);
        this.ctx.reindex();
      });
    });
    return this.setup(actor);
  }
}
