/**
 * The import's plan, its villages and grids with their shapes: matched by code; a grid's village an
 * active village, its grid worker an active person; a shape of grids.geojson goes to the grid (or
 * village) of its code, and an active grid of the sheet has one; what the sheets leave out is
 * deactivated.
 */
import type { Geometry } from './geojson';
import type { GridRow, VillageRow } from './sheet-specs';
import { GRIDS_SHEET, VILLAGES_SHEET } from './sheet-specs';
import type { PeoplePlan } from './plan-people';
import type { GridState, Origin, PlanScope, VillageState } from './plan-scope';
import type { ReadSheet } from './workbook';

export interface GridsPlan {
  readonly villagesBefore: ReadonlyMap<string, VillageState>;
  readonly villages: Map<string, VillageState>;
  readonly villageOrigin: ReadonlyMap<string, Origin>;
  readonly villagesSheet: ReadSheet | undefined;
  readonly before: ReadonlyMap<string, GridState>;
  readonly grids: Map<string, GridState>;
  readonly origin: ReadonlyMap<string, Origin>;
  readonly sheet: ReadSheet | undefined;
}

export function planGrids(scope: PlanScope, { byCode: personByCode, ref: personRef }: PeoplePlan): GridsPlan {
  const villagesBefore = new Map<string, VillageState>(scope.town.villages.map((v) => [v.code, { code: v.code, name: v.name, geometry: v.geometry, active: v.active === 1 }]));
  const villages = new Map<string, VillageState>([...villagesBefore].map(([code, v]) => [code, { ...v }]));
  const villageOrigin = new Map<string, Origin>();
  const villagesSheet = scope.sheet(VILLAGES_SHEET.name);
  if (villagesSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<VillageRow>(villagesSheet, 'code', '村社区编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      let village = villages.get(v.code);
      if (!village) {
        village = { code: v.code, name: '', geometry: null, active: true };
        villages.set(v.code, village);
      }
      villageOrigin.set(v.code, o);
      if (v.name !== undefined) village.name = v.name;
      if (v.active !== undefined) village.active = v.active;
    }
    for (const v of villages.values()) if (!inFile.has(v.code)) v.active = false;
  }
  const gridsBefore = new Map<string, GridState>(
    scope.town.grids.map((g) => [
      g.code,
      {
        code: g.code,
        name: g.name,
        villageCode: g.village_code,
        village: g.village,
        households: g.households,
        workerId: g.grid_worker_id,
        geometry: g.geometry,
        active: g.active === 1,
        version: g.version,
      },
    ]),
  );
  const grids = new Map<string, GridState>([...gridsBefore].map(([code, g]) => [code, { ...g }]));
  const gridOrigin = new Map<string, Origin>();
  const gridsSheet = scope.sheet(GRIDS_SHEET.name);
  if (gridsSheet) {
    const inFile = new Set<string>();
    for (const { o, v } of scope.unique<GridRow>(gridsSheet, 'code', '网格编号')) {
      if (!v.code) continue;
      inFile.add(v.code);
      let g = grids.get(v.code);
      if (!g) {
        g = { code: v.code, name: '', villageCode: '', village: '', households: 0, workerId: null, geometry: '', active: true, version: 0 };
        grids.set(v.code, g);
      }
      gridOrigin.set(v.code, o);
      if (v.name !== undefined) g.name = v.name;
      if (v.households !== undefined) g.households = v.households;
      if (v.active !== undefined) g.active = v.active;
      const active = v.active !== false;
      if (v.villageCode !== undefined) {
        const village = villages.get(v.villageCode);
        if (!village) scope.at(o, 'villageCode', `所属村社区编号“${v.villageCode}”不是村社区：“村社区”工作表中没有这个编号，本镇也没有。`, v.villageCode);
        else if (!village.active && active) scope.at(o, 'villageCode', `村社区 ${village.code}（${village.name}）已停用（或本次将停用）：请换成在用的村社区。`, v.villageCode);
        g.villageCode = v.villageCode;
      }
      if (v.workerCode !== undefined) {
        if (v.workerCode === null) g.workerId = null;
        else g.workerId = (active ? personRef(o, 'workerCode', v.workerCode, '网格员') : personByCode.get(v.workerCode))?.id ?? g.workerId;
      }
    }
    for (const g of grids.values()) if (!inFile.has(g.code)) g.active = false;
  }
  if (scope.parsed.shapes) {
    const { file, shapes } = scope.parsed.shapes;
    const seen = new Map<string, number>();
    for (const s of shapes) {
      const earlier = seen.get(s.code);
      if (earlier !== undefined) {
        scope.faults.add(file, 'GeoJSON', s.feature, 'properties.code', `编号“${s.code}”有两个图形（另一个是第 ${earlier} 个要素）：多块地请合成一个 MultiPolygon。`, s.code);
        continue;
      }
      seen.set(s.code, s.feature);
      const text = JSON.stringify(s.geometry satisfies Geometry);
      const g = grids.get(s.code);
      const v = villages.get(s.code);
      if (g) g.geometry = text;
      else if (v) v.geometry = text;
      else scope.faults.add(file, 'GeoJSON', s.feature, 'properties.code', `编号“${s.code}”既不是网格也不是村社区：请核对网格表中的编号。`, s.code);
    }
  }
  for (const g of grids.values()) {
    g.village = villages.get(g.villageCode)?.name ?? g.village;
    const o = gridOrigin.get(g.code);
    if (g.active && !g.geometry && o)
      scope.at(o, 'code', `网格 ${g.code}（${g.name}）没有图形：请在图形文件 grids.geojson 中加上 code 为“${g.code}”的 Polygon 或 MultiPolygon，并同时选择该文件。`, g.code);
  }
  return { villagesBefore, villages, villageOrigin, villagesSheet, before: gridsBefore, grids, origin: gridOrigin, sheet: gridsSheet };
}
