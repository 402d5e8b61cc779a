#!/usr/bin/env node
// Generates grids.geojson: the 40 grids (网格) of the demo town 青溪镇.
//
//   node resources/demo-town/generate-grids.mjs
//
// Node built-ins only. Deterministic: the same inputs always give the same file.
// Reads town.json (centre), posts.json (village posts) and people.json (must exist).
//
// Method: a jittered 8 × 6 lattice of ~1 km × 1 km cells around the town centre, with 8 cells
// masked off at the corners so the outline is irregular, leaving 40 cells. Every lattice vertex
// and every cell edge (with its intermediate "wiggle" points) is computed once and shared by the
// cells on both sides, so the polygons tessellate the town with no gaps and no overlaps.
// Coordinates are rounded to 5 decimals after the shared points are computed, so neighbours use
// bit-identical coordinates. Rings are closed and counter-clockwise (RFC 7946).
//
// Grid worker of a grid: alternately the village post's B holder (the village's full-time grid
// worker) and its A holder (the village/community cadre acting as part-time grid worker).

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const load = (f) => JSON.parse(readFileSync(join(here, f), 'utf8'));
const town = load('town.json');
const posts = load('posts.json');
const people = load('people.json');

const SEED = 141;
const NX = 8; // columns, west → east
const NY = 6; // rows, south → north
const CELL_KM = 1.0;
const CORNER_JITTER = 0.2; // of a cell, each axis
const INNER_WIGGLE = 0.06; // of an edge's length, perpendicular
const OUTER_WIGGLE = 0.1;

// Which village each cell belongs to; '.' = outside the town. Row 0 is the southernmost.
// Codes are the village posts' codes without the "V-" prefix.
const K = { QX: 'V-QINGXI', XK: 'V-XIKOU', TW: 'V-TONGWU', FL: 'V-FENGLIN', SM: 'V-SHIMEN', BS: 'V-BAISHA' };
const MAP_NORTH_TO_SOUTH = [
  '.  XK XK TW TW TW .  . ',
  'XK XK XK TW TW FL FL . ',
  'XK XK QX QX TW FL FL FL',
  'SM SM QX QX QX FL FL FL',
  '.  SM SM QX BS BS BS BS',
  '.  .  SM SM BS BS BS . ',
];
const villageOf = MAP_NORTH_TO_SOUTH.slice()
  .reverse()
  .map((row) => row.trim().split(/\s+/).map((c) => (c === '.' ? null : K[c])));
for (const row of villageOf) if (row.length !== NX) throw new Error('bad map row');
if (villageOf.length !== NY) throw new Error('bad map');
const inTown = (c, r) => c >= 0 && c < NX && r >= 0 && r < NY && villageOf[r][c] !== null;

// mulberry32
function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(SEED);
const sym = (a) => (rand() * 2 - 1) * a;

// km → degrees around the centre
const [lng0, lat0] = town.center;
const KM_PER_DEG_LAT = 111.32;
const KM_PER_DEG_LNG = 111.32 * Math.cos((lat0 * Math.PI) / 180);
const toLngLat = ([x, y]) => [
  Math.round((lng0 + x / KM_PER_DEG_LNG) * 1e5) / 1e5,
  Math.round((lat0 + y / KM_PER_DEG_LAT) * 1e5) / 1e5,
];

// Lattice vertices, in km, origin at the centre.
const vertex = [];
for (let c = 0; c <= NX; c++) {
  vertex[c] = [];
  for (let r = 0; r <= NY; r++) {
    vertex[c][r] = [(c - NX / 2 + sym(CORNER_JITTER)) * CELL_KM, (r - NY / 2 + sym(CORNER_JITTER)) * CELL_KM];
  }
}

// Edge points between two lattice vertices, canonical direction (h: west→east, v: south→north).
const edgeCache = new Map();
function edgePoints(kind, c, r) {
  const key = `${kind}:${c}:${r}`;
  if (edgeCache.has(key)) return edgeCache.get(key);
  const a = vertex[c][r];
  const b = kind === 'h' ? vertex[c + 1][r] : vertex[c][r + 1];
  const outer = kind === 'h' ? inTown(c, r - 1) !== inTown(c, r) : inTown(c - 1, r) !== inTown(c, r);
  const ts = outer ? [0.25, 0.5, 0.75] : [1 / 3, 2 / 3];
  const amp = outer ? OUTER_WIGGLE : INNER_WIGGLE;
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len = Math.hypot(dx, dy);
  const nx = -dy / len;
  const ny = dx / len;
  const pts = [a];
  for (const t of ts) {
    const o = sym(amp) * len;
    pts.push([a[0] + dx * t + nx * o, a[1] + dy * t + ny * o]);
  }
  pts.push(b);
  const rounded = pts.map(toLngLat);
  edgeCache.set(key, rounded);
  return rounded;
}
const without = (pts) => pts.slice(0, -1); // drop the last point (it starts the next edge)

function ring(c, r) {
  const bottom = edgePoints('h', c, r); // (c,r) → (c+1,r)
  const right = edgePoints('v', c + 1, r); // (c+1,r) → (c+1,r+1)
  const top = edgePoints('h', c, r + 1).slice().reverse(); // (c+1,r+1) → (c,r+1)
  const left = edgePoints('v', c, r).slice().reverse(); // (c,r+1) → (c,r)
  const pts = [...without(bottom), ...without(right), ...without(top), ...without(left)];
  pts.push(pts[0]);
  return pts;
}

// Compute every edge in a fixed order first, so the random stream does not depend on cell order.
for (let r = 0; r <= NY; r++) for (let c = 0; c < NX; c++) if (inTown(c, r - 1) || inTown(c, r)) edgePoints('h', c, r);
for (let c = 0; c <= NX; c++) for (let r = 0; r < NY; r++) if (inTown(c - 1, r) || inTown(c, r)) edgePoints('v', c, r);

const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const personById = new Map(people.map((p) => [p.id, p]));
const villagePosts = posts.filter((p) => p.kind === 'village');
const features = [];
let n = 0;
for (const vp of villagePosts) {
  const cells = [];
  for (let r = NY - 1; r >= 0; r--) for (let c = 0; c < NX; c++) if (villageOf[r][c] === vp.code) cells.push([c, r]);
  if (cells.length === 0) throw new Error(`village ${vp.code} has no cells`);
  const workers = [vp.bPersonId, vp.aPersonId];
  for (const id of workers) if (!personById.get(id)?.roles.includes('board_staff')) throw new Error(`bad worker ${id}`);
  cells.forEach(([c, r], i) => {
    n += 1;
    features.push({
      type: 'Feature',
      properties: {
        code: `G${String(n).padStart(2, '0')}`,
        name: `${vp.name}第${CN[i]}网格`,
        village: vp.name,
        households: 300 + Math.floor(rand() * 201),
        gridWorkerId: workers[i % 2],
      },
      geometry: { type: 'Polygon', coordinates: [ring(c, r)] },
    });
  });
}
const mapped = villageOf.flat().filter(Boolean).length;
if (n !== mapped) throw new Error(`map has ${mapped} cells for unknown villages; made ${n} grids`);

const out = { type: 'FeatureCollection', features };
// Pretty-printed, with each [lng, lat] pair kept on one line.
const text = JSON.stringify(out, null, 2).replace(/\[\s+(-?[\d.]+),\s+(-?[\d.]+)\s+\]/g, '[$1, $2]') + '\n';
JSON.parse(text); // sanity
writeFileSync(join(here, 'grids.geojson'), text);
console.log(`grids.geojson: ${out.features.length} grids in ${villagePosts.length} villages`);
