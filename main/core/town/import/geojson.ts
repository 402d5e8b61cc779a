/**
 * The grids' (and villages') shapes as a GeoJSON FeatureCollection in WGS 84 (RFC 7946): each
 * feature names its grid or village by `properties.code` and has a Polygon or MultiPolygon. Checked
 * with zod: the type, closed rings of at least four positions, longitude and latitude in range and
 * inside China (a projected CGCS2000 / Gauss–Krüger file has metres there, and is refused).
 */
import { z } from 'zod';
import { checkGeometry, MAX_RING_POINTS, MAX_SHAPE_POINTS, type GeometryFault } from '../admin/geometry';
import { cut, type Faults } from './workbook';

/** Positions per file: a town's 50 grids at 5,000 vertices each, with room to spare. */
export const MAX_POSITIONS = 1_000_000;
/** China's extent, loosely: a coordinate outside it is not this town's (or not WGS 84). */
const LNG = [73, 136] as const;
const LAT = [3, 54] as const;

export type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface Shape {
  /** The feature's number in the file, from 1. */
  readonly feature: number;
  readonly code: string;
  readonly geometry: Geometry;
}

const Position = z
  .array(z.number({ error: '坐标必须是数字。' }), { error: '坐标必须是 [经度, 纬度]。' })
  .min(2, '坐标必须是 [经度, 纬度]。')
  .max(3, '坐标最多三个数 [经度, 纬度, 高程]。')
  .refine((p) => p[0] >= -180 && p[0] <= 180 && p[1] >= -90 && p[1] <= 90, '坐标不是经纬度（WGS 84）：经度应在 -180~180、纬度在 -90~90；投影坐标（米）请先转换为 WGS 84。')
  .refine((p) => p[0] >= LNG[0] && p[0] <= LNG[1] && p[1] >= LAT[0] && p[1] <= LAT[1], '坐标不在中国境内：请确认是 [经度, 纬度] 的顺序、WGS 84 坐标。');
const Ring = z
  .array(Position, { error: '环必须是坐标的数组。' })
  .min(4, '多边形的环至少要有 4 个坐标（首尾相同）。')
  .refine((r) => r.length < 4 || (r[0][0] === r.at(-1)![0] && r[0][1] === r.at(-1)![1]), '多边形的环没有闭合：最后一个坐标必须与第一个相同。');
const PolygonCoordinates = z.array(Ring, { error: 'Polygon 的 coordinates 必须是环的数组。' }).min(1, 'Polygon 至少要有一个环。');
const GeometrySchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates }),
    z.object({
      type: z.literal('MultiPolygon'),
      coordinates: z.array(PolygonCoordinates, { error: 'MultiPolygon 的 coordinates 必须是多边形的数组。' }).min(1, 'MultiPolygon 至少要有一个多边形。'),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? '图形不是多边形（Polygon 或 MultiPolygon）。' : undefined) },
);

function positions(value: unknown, depth = 0): number {
  if (!Array.isArray(value) || depth > 4) return 0;
  if (value.length > 0 && typeof value[0] === 'number') return 1;
  let n = 0;
  for (const v of value) n += positions(v, depth + 1);
  return n;
}

const SHEET = 'GeoJSON';

/** A shape's fault (admin/geometry.ts) in words: where it is and what to do. */
function geometryFault(f: GeometryFault): string {
  const where = [f.polygon ? `第 ${f.polygon} 块` : '', f.ring ? `第 ${f.ring} 个环` : '', f.point ? `第 ${f.point} 个点` : ''].filter(Boolean).join('');
  const at = where ? `${where}：` : '';
  switch (f.reason) {
    case 'not_json':
    case 'not_polygon':
      return `图形不是多边形（Polygon 或 MultiPolygon）${f.type ? `，而是 ${f.type}` : ''}。`;
    case 'no_rings':
      return `${at}多边形没有环。`;
    case 'bad_position':
      return `${at}坐标不是 [经度, 纬度] 两个数。`;
    case 'out_of_range':
      return `${at}坐标不是经纬度（WGS 84）。`;
    case 'not_closed':
      return `${at}环没有闭合：最后一个坐标必须与第一个相同。`;
    case 'too_few_points':
      return `${at}环至少要有 3 个不同的点。`;
    case 'zero_area':
      return `${at}环围成的面积为零。`;
    case 'self_intersection':
      return `${at}边界自相交：请在 GIS 软件中修复（如“修复几何”）后再导出。`;
    case 'too_many_points':
      return `${at}点太多（每个环最多 ${MAX_RING_POINTS} 个、每个图形最多 ${MAX_SHAPE_POINTS} 个）：请在 GIS 软件中简化后再导入。`;
  }
}

/** The shapes of a GeoJSON file, and a fault for every feature that is not one. */
export function readShapes(bytes: Buffer, file: string, faults: Faults): Shape[] | null {
  let doc: unknown;
  try {
    const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
    doc = JSON.parse(text);
  } catch (error) {
    faults.add(file, SHEET, null, null, `不是有效的 GeoJSON（JSON 格式错误：${cut(error instanceof Error ? error.message : String(error), 60)}）。`);
    return null;
  }
  if (
    !doc ||
    typeof doc !== 'object' ||
    Array.isArray(doc) ||
    (doc as { type?: unknown }).type !== 'FeatureCollection' ||
    !Array.isArray((doc as { features?: unknown }).features)
  ) {
    faults.add(file, SHEET, null, 'type', '不是 GeoJSON 要素集合：文件应为 {"type": "FeatureCollection", "features": [...]}。');
    return null;
  }
  const crs = (doc as { crs?: { properties?: { name?: unknown } } }).crs;
  if (crs !== undefined) {
    const name = String(crs?.properties?.name ?? '');
    if (!/CRS84$|EPSG::?4326$|EPSG::?4490$/i.test(name)) {
      faults.add(file, SHEET, null, 'crs', `坐标系是 ${cut(name || '未知', 40)}，不是 WGS 84：请在 GIS 软件中导出为 WGS 84（EPSG:4326）的 GeoJSON。`, name);
      return null;
    }
  }
  const features = (doc as { features: unknown[] }).features;
  const total = positions(features.map((f) => (f as { geometry?: { coordinates?: unknown } } | null)?.geometry?.coordinates));
  if (total > MAX_POSITIONS) {
    faults.add(file, SHEET, null, null, `图形共有 ${total} 个坐标点，超过上限 ${MAX_POSITIONS}：请在 GIS 软件中简化后再导入。`);
    return null;
  }
  const shapes: Shape[] = [];
  features.forEach((f, i) => {
    const n = i + 1;
    const feature = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown } | null;
    if (!feature || typeof feature !== 'object' || feature.type !== 'Feature') {
      faults.add(file, SHEET, n, 'type', `第 ${n} 个要素不是 Feature。`);
      return;
    }
    const props = feature.properties ?? {};
    const rawCode = props.code ?? props['网格编号'] ?? props['村社区编号'] ?? props['编号'];
    const code = typeof rawCode === 'number' ? String(rawCode) : typeof rawCode === 'string' ? rawCode.trim() : '';
    if (!code) faults.add(file, SHEET, n, 'properties.code', `第 ${n} 个要素没有 properties.code：请填上它所属网格（或村社区）的编号。`);
    const g = feature.geometry as { type?: unknown } | null | undefined;
    if (!g || typeof g !== 'object') {
      faults.add(file, SHEET, n, 'geometry', `第 ${n} 个要素（${cut(code || '无编号', 40)}）没有图形。`, code || null);
      return;
    }
    if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') {
      faults.add(
        file,
        SHEET,
        n,
        'geometry.type',
        `第 ${n} 个要素（${cut(code || '无编号', 40)}）的图形是 ${cut(String(g.type), 30)}，不是多边形（Polygon 或 MultiPolygon）。`,
        String(g.type),
      );
      return;
    }
    const parsed = GeometrySchema.safeParse(g);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      faults.add(file, SHEET, n, ['geometry', ...issue.path.map(String)].join('.'), `第 ${n} 个要素（${cut(code || '无编号', 40)}）：${issue.message}`, code || null);
      return;
    }
    // What every console checks a grid's shape with (the admin pages, a district's upsert): area, crossing edges, size.
    const checked = checkGeometry(parsed.data);
    if (!checked.ok) {
      faults.add(file, SHEET, n, 'geometry', `第 ${n} 个要素（${cut(code || '无编号', 40)}）：${geometryFault(checked.fault)}`, code || null);
      return;
    }
    if (code) shapes.push({ feature: n, code, geometry: checked.geometry });
  });
  return shapes;
}
