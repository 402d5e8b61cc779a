/**
 * Grids kept by hand (系统设置 → 网格), with their shapes: a grid's shape is a valid GeoJSON Polygon or
 * MultiPolygon (geometry.ts), its grid worker an active person. A grid is deactivated (kept with its
 * events; the map, the report form and intake leave it out) only once none of its events is open,
 * and reactivated as it was.
 */
import type { AddGridRequest, EditGridRequest, GridAdmin, GridDetail } from '../../../../preload/contract/town-admin-schemas';
import type { Sql } from '../../db/db';
import { refuse } from '../../errors';
import type { Actor, Tx } from '../../kernel';
import { permit } from '../../kernel/permissions';
import { gridOf, type GridRow, type GridValues } from '../town.repository';
import { gridAudit, shapeSummary, type AdminContext, type TownSynced } from './admin-context';
import { checkGeometry, type GeometryFault } from './geometry';
import { gridEntityId, gridPayload, readGridPayload } from './town-sync';

type GridWrite = Required<GridValues>;

function geometryRefusal(fault: GeometryFault): never {
  const params: Record<string, string | number> = { reason: fault.reason };
  for (const key of ['polygon', 'ring', 'point'] as const) if (fault[key] !== undefined) params[key] = fault[key];
  if (fault.type !== undefined) params.type = fault.type;
  refuse('invalid_geometry', `the shape is not a usable Polygon or MultiPolygon: ${fault.reason}`, params);
}

/** A grid's row as the values every write of it takes. */
const gridValues = (row: GridRow, changes: Pick<GridWrite, 'version' | 'hlc'> & Partial<GridWrite>): GridWrite => ({
  name: row.name,
  village: row.village,
  villageCode: row.village_code,
  households: row.households,
  gridWorkerId: row.grid_worker_id,
  geometry: row.geometry,
  active: row.active === 1,
  ...changes,
});

export class GridsAdmin {
  constructor(private readonly ctx: AdminContext) {}

  private gridView(g: GridRow): GridAdmin {
    const shape = shapeSummary(g.geometry);
    return { ...gridOf(g), shape: shape ? { type: shape.type, points: shape.points } : null, active: g.active === 1 };
  }

  async grids(actor: Actor): Promise<GridAdmin[]> {
    permit(actor, 'manageTown');
    const rows = await this.ctx.kernel.read((sql) => this.ctx.repo.grids(sql));
    return rows.map((g) => this.gridView(g));
  }

  async grid(actor: Actor, code: string): Promise<GridDetail> {
    permit(actor, 'manageTown');
    const row = await this.ctx.kernel.read((sql) => this.ctx.repo.grid(sql, code));
    if (!row) refuse('not_found', `no grid ${code}`, { id: code });
    return { ...this.gridView(row), geometry: JSON.parse(row.geometry) as unknown };
  }

  private async checkGridWorker(sql: Sql, id: string | null): Promise<void> {
    if (id === null) return;
    const p = await this.ctx.repo.person(sql, id);
    if (!p) refuse('unknown_person', `no person ${id}`, { which: 'gridWorker', id });
    if (p.active !== 1) refuse('holder_inactive', `${p.name} is deactivated`, { which: 'gridWorker', name: p.name });
  }

  /** The grid's upsert for the district: its fields, its shape and whether it is in use. */
  private async sendGrid(tx: Tx, code: string, v: GridWrite): Promise<void> {
    await tx.outbox({
      entity: 'grid',
      entityId: gridEntityId(code),
      kind: 'upsert',
      baseVersion: v.version - 1,
      payload: gridPayload({ ...v, code, geometry: JSON.parse(v.geometry) as unknown }),
      hlc: v.hlc,
      at: tx.at,
    });
  }

  private shape(text: string): string {
    const checked = checkGeometry(text);
    if (!checked.ok) geometryRefusal(checked.fault);
    return JSON.stringify(checked.geometry);
  }

  async addGrid(actor: Actor, req: AddGridRequest): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    const geometry = this.shape(req.geometry);
    await ctx.kernel.run({ name: 'grid.add', actor, permission: 'manageTown' }, async (tx) => {
      const clash = await ctx.repo.gridCodeLike(tx.sql, req.code);
      if (clash) refuse('duplicate_code', `a grid with code ${req.code} exists`, { code: req.code });
      await this.checkGridWorker(tx.sql, req.gridWorkerId);
      const v: GridWrite = { ...req, geometry, active: true, version: 1, hlc: tx.hlc.now() };
      await ctx.repo.insertGrid(tx.sql, { ...v, code: req.code });
      await this.sendGrid(tx, req.code, v);
      await tx.audit('grid.add', 'grid', req.code, { after: gridAudit((await ctx.repo.grid(tx.sql, req.code))!) });
    });
    await ctx.changed();
  }

  async editGrid(actor: Actor, req: EditGridRequest): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    const geometry = req.geometry === undefined ? undefined : this.shape(req.geometry);
    await ctx.kernel.run({ name: 'grid.edit', actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.grid(tx.sql, req.code);
      if (!before) refuse('not_found', `no grid ${req.code}`, { id: req.code });
      // A worker kept as they were may have been deactivated since; a new one must be active.
      if (req.gridWorkerId !== before.grid_worker_id) await this.checkGridWorker(tx.sql, req.gridWorkerId);
      const { code: _code, ...fields } = req;
      const v = gridValues(before, { ...fields, geometry: geometry ?? before.geometry, version: before.version + 1, hlc: tx.hlc.now() });
      await ctx.repo.updateGrid(tx.sql, req.code, v);
      await this.sendGrid(tx, req.code, v);
      await tx.audit('grid.edit', 'grid', req.code, { before: gridAudit(before), after: gridAudit((await ctx.repo.grid(tx.sql, req.code))!) });
    });
    await ctx.changed();
  }

  /**
   * Deactivates a grid (nothing new is reported into it; its events keep it) or brings it back. A grid
   * with open events stays until they are closed.
   */
  async setGridActive(actor: Actor, code: string, active: boolean): Promise<void> {
    permit(actor, 'manageTown');
    const { ctx } = this;
    const name = active ? 'grid.reactivate' : 'grid.deactivate';
    await ctx.kernel.run({ name, actor, permission: 'manageTown' }, async (tx) => {
      const before = await ctx.repo.grid(tx.sql, code);
      if (!before) refuse('not_found', `no grid ${code}`, { id: code });
      if ((before.active === 1) === active) refuse('already_decided', active ? 'this grid is active' : 'this grid is already deactivated');
      if (!active) {
        const open = await ctx.repo.openEventsIn(tx.sql, code);
        if (open > 0) refuse('grid_has_open_events', `${open} open events are in the grid: close them first`, { count: open, name: before.name });
      }
      const v = gridValues(before, { active, version: before.version + 1, hlc: tx.hlc.now() });
      await ctx.repo.updateGrid(tx.sql, code, v);
      await this.sendGrid(tx, code, v);
      await tx.audit(name, 'grid', code, { before: { active: before.active === 1 }, after: { active }, code, name: before.name });
    });
    await ctx.changed();
  }

  /** A `grid` upsert, by its code: the newest HLC wins; without a shape (or `active`), the one here is kept. */
  async applyRemoteGrid(sql: Sql, _id: string, payload: Record<string, unknown>, hlc: string, at: string): Promise<false | TownSynced> {
    const { ctx } = this;
    const g = readGridPayload(payload);
    const before = await ctx.repo.grid(sql, g.code);
    if (before && before.hlc >= hlc) return false;
    const v: GridWrite = {
      name: g.name,
      village: g.village ?? before?.village ?? '',
      villageCode: g.villageCode,
      households: g.households ?? before?.households ?? 0,
      gridWorkerId: g.gridWorkerId === undefined ? (before?.grid_worker_id ?? null) : g.gridWorkerId,
      geometry: g.geometry === undefined ? (before?.geometry ?? 'null') : JSON.stringify(g.geometry),
      active: g.active ?? (before ? before.active === 1 : true),
      version: (before?.version ?? 0) + 1,
      hlc,
    };
    if (before) await ctx.repo.updateGrid(sql, g.code, v);
    else await ctx.repo.insertGrid(sql, { ...v, code: g.code });
    ctx.kernel.hlc.receive(hlc);
    const after = (await ctx.repo.grid(sql, g.code))!;
    return { audit: { action: 'grid.synced', entity: 'grid', entityId: g.code, detail: { before: before ? gridAudit(before) : null, after: gridAudit(after), opAt: at } } };
  }
}
