/**
 * A grid's shape as the wall's map draws it: a GeoJSON Polygon or MultiPolygon in WGS 84 (PROTOCOL.md
 * v1.1 `grid.geometry`). Checked before it is stored, with the first fault named (which ring, which
 * point) so the administrator can find it: positions are [longitude, latitude] numbers in range, every
 * ring is closed and has at least three distinct points, encloses some area and does not cross itself.
 * A Feature, or a FeatureCollection of exactly one Feature, is taken for its geometry (what a map tool
 * saves as a .geojson file).
 */

export type GeometryFaultReason =
  'not_json' | 'not_polygon' | 'no_rings' | 'bad_position' | 'out_of_range' | 'not_closed' | 'too_few_points' | 'zero_area' | 'self_intersection' | 'too_many_points';

export interface GeometryFault {
  readonly reason: GeometryFaultReason;
  /** 1-based: the polygon (of a MultiPolygon), the ring (1 = outer boundary), the point. */
  readonly polygon?: number;
  readonly ring?: number;
  readonly point?: number;
  /** The type that was given, for `not_polygon`. */
  readonly type?: string;
}

export type Position = [number, number];
export type Geometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

/** Points one ring may have (a grid of ≤500 households needs far fewer); also bounds the crossing check. */
export const MAX_RING_POINTS = 5000;
/** Points one shape may have in all. */
export const MAX_SHAPE_POINTS = 20000;

type Checked = { ok: true; geometry: Geometry } | { ok: false; fault: GeometryFault };

const fail = (fault: GeometryFault): Checked => ({ ok: false, fault });

/** The shape as stored: text is parsed first (a pasted or uploaded .geojson). */
export function checkGeometry(input: unknown): Checked {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return fail({ reason: 'not_json' });
    }
  }
  const geometry = unwrap(value);
  if (!geometry || typeof geometry !== 'object' || Array.isArray(geometry)) return fail({ reason: 'not_polygon', type: typeName(geometry) });
  const g = geometry as { type?: unknown; coordinates?: unknown };
  if (g.type === 'Polygon') {
    const fault = checkPolygon(g.coordinates, undefined);
    return fault ? fail(fault) : { ok: true, geometry: { type: 'Polygon', coordinates: clean(g.coordinates as number[][][]) } };
  }
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) return fail({ reason: 'no_rings' });
    let total = 0;
    for (let i = 0; i < g.coordinates.length; i++) {
      const fault = checkPolygon(g.coordinates[i], i + 1);
      if (fault) return fail(fault);
      total += (g.coordinates[i] as unknown[][]).reduce((n, ring) => n + ring.length, 0);
      if (total > MAX_SHAPE_POINTS) return fail({ reason: 'too_many_points' });
    }
    return { ok: true, geometry: { type: 'MultiPolygon', coordinates: (g.coordinates as number[][][][]).map(clean) } };
  }
  return fail({ reason: 'not_polygon', type: typeof g.type === 'string' ? g.type.slice(0, 40) : typeName(g.type) });
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A Feature's geometry; a FeatureCollection's only Feature's. */
function unwrap(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as { type?: unknown; geometry?: unknown; features?: unknown };
  if (v.type === 'Feature') return v.geometry;
  if (v.type === 'FeatureCollection' && Array.isArray(v.features) && v.features.length === 1) return unwrap(v.features[0]);
  return value;
}

/** Positions as [lng, lat] only (an altitude or extra members dropped). */
function clean(rings: number[][][]): Position[][] {
  return rings.map((ring) => ring.map((p) => [p[0], p[1]] as Position));
}

function checkPolygon(rings: unknown, polygon: number | undefined): GeometryFault | null {
  const at = polygon === undefined ? {} : { polygon };
  if (!Array.isArray(rings) || rings.length === 0) return { reason: 'no_rings', ...at };
  let total = 0;
  for (let r = 0; r < rings.length; r++) {
    const ring: unknown = rings[r];
    const where = { ...at, ring: r + 1 };
    if (!Array.isArray(ring)) return { reason: 'bad_position', ...where };
    total += ring.length;
    if (ring.length > MAX_RING_POINTS || total > MAX_SHAPE_POINTS) return { reason: 'too_many_points', ...where };
    for (let i = 0; i < ring.length; i++) {
      const p: unknown = ring[i];
      if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        return { reason: 'bad_position', ...where, point: i + 1 };
      }
      if (p[0] < -180 || p[0] > 180 || p[1] < -90 || p[1] > 90) return { reason: 'out_of_range', ...where, point: i + 1 };
    }
    const points = ring as number[][];
    if (points.length < 4) return { reason: 'too_few_points', ...where };
    const first = points[0];
    const last = points[points.length - 1];
    if (first[0] !== last[0] || first[1] !== last[1]) return { reason: 'not_closed', ...where };
    const distinct = new Set(points.slice(0, -1).map((p) => `${p[0]},${p[1]}`));
    if (distinct.size < 3) return { reason: 'too_few_points', ...where };
    // A ring that crosses itself first (a bow tie's signed area can be nothing), then one that encloses nothing.
    const crossing = selfIntersection(points);
    if (crossing !== null) return { reason: 'self_intersection', ...where, point: crossing + 1 };
    if (Math.abs(ringArea(points)) < 1e-14) return { reason: 'zero_area', ...where };
  }
  return null;
}

/** Twice the signed area (shoelace), in square degrees. */
function ringArea(points: readonly number[][]): number {
  let sum = 0;
  for (let i = 0; i < points.length - 1; i++) sum += points[i][0] * points[i + 1][1] - points[i + 1][0] * points[i][1];
  return sum;
}

function orient(a: readonly number[], b: readonly number[], c: readonly number[]): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: readonly number[], b: readonly number[], p: readonly number[]): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

function segmentsTouch(p1: readonly number[], p2: readonly number[], q1: readonly number[], q2: readonly number[]): boolean {
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(p1, p2, q1)) || (o2 === 0 && onSegment(p1, p2, q2)) || (o3 === 0 && onSegment(q1, q2, p1)) || (o4 === 0 && onSegment(q1, q2, p2));
}

/** The index of the first edge that crosses or touches a non-adjacent edge of the ring, or null. */
function selfIntersection(points: readonly number[][]): number | null {
  const n = points.length - 1; // edges
  for (let i = 0; i < n; i++) {
    const a1 = points[i];
    const a2 = points[i + 1];
    for (let j = i + 1; j < n; j++) {
      // Neighbours share a point by construction; the first and last edge close the ring.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsTouch(a1, a2, points[j], points[j + 1])) return j;
    }
  }
  return null;
}
