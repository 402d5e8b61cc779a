/**
 * Where a new event may land: a deactivated grid or catalogue item keeps its events, but nothing new
 * is reported into it — not at the desk, by a grid worker or a sensor (intake), nor by the district
 * (its report or assignment is refused and kept in 同步问题 with the reason, so it can be retried once
 * the grid or item is back in use, or ignored).
 */
import { DomainError, refuse } from '../errors';
import type { CatalogueRecord, GridRecord } from '../town/town.service';

/** The town's grids as events see them (the town's records: a deactivated one says so). */
interface GridsOfTown {
  readonly grids: ReadonlyMap<string, Pick<GridRecord, 'name' | 'active'>>;
}

/** Refuses a report into a deactivated catalogue item or grid (unknown ones are the caller's to judge). */
export function refuseInactive(town: GridsOfTown, item: CatalogueRecord, gridCode: unknown, from: 'desk' | 'district'): void {
  const grid = typeof gridCode === 'string' ? town.grids.get(gridCode) : undefined;
  if (item.active === false) {
    const params = { code: item.code, name: item.name };
    if (from === 'desk') refuse('item_inactive', `catalogue item ${item.code} is deactivated: choose an item in use`, params);
    throw new DomainError(
      'item_inactive',
      `事项“${item.name}”（${item.code}）已停用，本镇不再受理这一事项的新事件：请区级改用在用的事项重新派发；若此事项仍应受理，请导入包含它的事项目录后点“重试”。`,
      params,
    );
  }
  if (grid && grid.active === false) {
    const params = { code: gridCode as string, name: grid.name };
    if (from === 'desk') refuse('grid_inactive', `grid ${params.code} is deactivated: choose a grid in use`, params);
    throw new DomainError(
      'grid_inactive',
      `网格“${grid.name}”（${params.code}）已停用，新事件不能落在已停用的网格：请区级改到在用的网格重新派发；若此网格仍在用，请在 系统设置 → 网格 中启用它后点“重试”。`,
      params,
    );
  }
}
