#!/usr/bin/env node
// Validates the demo town data in this folder: shapes, cross references, uniqueness, counts and
// the grid tessellation. Prints a summary; exits 1 on any failure.
//
//   node resources/demo-town/validate.mjs
//
// Node built-ins only. If the project's pinyin-pro package happens to be installed, the catalogue's
// pinyin initials are also compared with it; otherwise only their form is checked.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const errors = [];
const fail = (msg) => {
  errors.push(msg);
  return false;
};
const check = (cond, msg) => {
  if (!cond) fail(msg);
  return Boolean(cond);
};

function load(file) {
  try {
    const text = readFileSync(join(here, file), 'utf8');
    if (text.charCodeAt(0) === 0xfeff) fail(`${file}: has a BOM`);
    return JSON.parse(text);
  } catch (e) {
    fail(`${file}: cannot load: ${e.message}`);
    return undefined;
  }
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ROLES = new Set(['officer', 'leader', 'board_staff', 'wall_viewer', 'admin']);
const KINDS = new Set(['board_post', 'joint', 'village']);
const LEVELS = new Set(['general', 'major', 'serious', 'especially_serious']);
const UNITS = new Set(['minute', 'hour', 'work_hour', 'work_day']);
const LIMIT_KEYS = ['accept', 'acknowledge', 'onScene', 'resolve'];
const SENSORS = new Set(['smoke', 'methane', 'water_level']);
const BOARD_CODES = ['party', 'economy', 'livelihood', 'safety'];
const isStr = (s) => typeof s === 'string' && s.trim().length > 0;
const hanCount = (s) => [...s].filter((ch) => /\p{Script=Han}/u.test(ch)).length;

function dupes(list) {
  const seen = new Set();
  const d = new Set();
  for (const x of list) (seen.has(x) ? d : seen).add(x);
  return [...d];
}
function unique(list, what) {
  const d = dupes(list);
  check(d.length === 0, `${what} not unique: ${d.join(', ')}`);
}
function inRange(n, lo, hi, what) {
  check(n >= lo && n <= hi, `${what}: ${n}, expected ${lo}..${hi}`);
}

// ---------------------------------------------------------------- town.json
const town = load('town.json');
if (town) {
  check(/^\d{12}$/.test(town.townCode ?? ''), 'town.townCode must be 12 digits');
  for (const k of ['name', 'centreName', 'districtName']) check(isStr(town[k]), `town.${k} missing`);
  check(
    Array.isArray(town.center) && town.center.length === 2 &&
      town.center[0] > 73 && town.center[0] < 136 && town.center[1] > 3 && town.center[1] < 54,
    'town.center must be [lng, lat] in China',
  );
  const hm = (s) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(s) ? Number(s.slice(0, 2)) * 60 + Number(s.slice(3)) : NaN);
  if (check(Array.isArray(town.workingHours) && town.workingHours.length > 0, 'town.workingHours missing')) {
    let prev = -1;
    for (const [i, w] of town.workingHours.entries()) {
      const s = hm(w.start);
      const e = hm(w.end);
      check(Number.isFinite(s) && Number.isFinite(e) && s < e && s >= prev, `town.workingHours[${i}] invalid or overlapping`);
      prev = e;
    }
  }
}

// ---------------------------------------------------------------- boards.json
const boards = load('boards.json') ?? [];
check(Array.isArray(boards) && boards.length === 4, `boards.json: expected exactly 4 boards, got ${boards.length}`);
check(JSON.stringify(boards.map((b) => b.code)) === JSON.stringify(BOARD_CODES), `boards.json: codes must be ${BOARD_CODES.join(', ')}`);
for (const b of boards) check(isStr(b.name), `board ${b.code}: name missing`);
const boardCodes = new Set(boards.map((b) => b.code));

// ---------------------------------------------------------------- people.json
const people = load('people.json') ?? [];
const personById = new Map();
for (const [i, p] of people.entries()) {
  const where = `people[${i}] ${p.username ?? ''}`;
  check(UUID_V4.test(p.id ?? ''), `${where}: id is not a lowercase UUID v4`);
  check(isStr(p.name), `${where}: name missing`);
  check(/^1[3-9]\d{9}$/.test(p.phone ?? ''), `${where}: phone must be an 11-digit mobile number`);
  check(/^[a-z][a-z0-9]*$/.test(p.username ?? ''), `${where}: username must be lowercase ascii`);
  check(Array.isArray(p.roles) && p.roles.length > 0 && p.roles.every((r) => ROLES.has(r)), `${where}: bad roles`);
  unique(p.roles ?? [], `${where}: roles`);
  personById.set(p.id, p);
}
unique(people.map((p) => p.id), 'people ids');
unique(people.map((p) => p.username), 'usernames');
unique(people.map((p) => p.phone), 'people phones');
unique(people.map((p) => p.name), 'people names');
const withRole = (r) => people.filter((p) => p.roles?.includes(r));
const byUsername = (u) => people.find((p) => p.username === u);
check(byUsername('admin')?.roles.includes('admin'), 'there must be an admin with username "admin"');
check(byUsername('wall')?.roles.includes('wall_viewer'), 'there must be a wall viewer with username "wall"');
check(withRole('leader')[0]?.username === 'lihua', 'the first leader must be "lihua"');
check(withRole('officer')[0]?.username === 'zhangwei', 'the first officer must be "zhangwei"');
inRange(people.length, 50, 75, 'people');
inRange(withRole('admin').length, 1, 3, 'admins');
inRange(withRole('leader').length, 4, 8, 'leaders');
inRange(withRole('officer').length, 8, 12, 'officers');
inRange(withRole('wall_viewer').length, 1, 2, 'wall viewers');
inRange(withRole('board_staff').length, 35, 55, 'board staff');

// ---------------------------------------------------------------- posts.json
const posts = load('posts.json') ?? [];
const postByCode = new Map();
const aHolders = [];
for (const [i, p] of posts.entries()) {
  const where = `posts[${i}] ${p.code ?? ''}`;
  check(UUID_V4.test(p.id ?? ''), `${where}: id is not a lowercase UUID v4`);
  check(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/.test(p.code ?? ''), `${where}: code must be upper-case ASCII`);
  check(isStr(p.name), `${where}: name missing`);
  check(boardCodes.has(p.boardCode), `${where}: unknown boardCode ${p.boardCode}`);
  check(KINDS.has(p.kind), `${where}: unknown kind ${p.kind}`);
  check(/^0571-8\d{7}$/.test(p.phone ?? ''), `${where}: phone must look like 0571-8xxxxxxx`);
  const a = personById.get(p.aPersonId);
  const b = personById.get(p.bPersonId);
  check(a, `${where}: A holder ${p.aPersonId} not in people.json`);
  check(b, `${where}: B holder ${p.bPersonId} not in people.json`);
  check(p.aPersonId !== p.bPersonId, `${where}: A and B are the same person`);
  if (a) check(a.roles.includes('board_staff'), `${where}: A holder ${a.username} is not board_staff`);
  if (b) check(b.roles.includes('board_staff'), `${where}: B holder ${b.username} is not board_staff`);
  aHolders.push(p.aPersonId);
  postByCode.set(p.code, p);
}
unique(posts.map((p) => p.id), 'post ids');
unique(posts.map((p) => p.code), 'post codes');
unique(posts.map((p) => p.name), 'post names');
unique(posts.map((p) => p.phone), 'post phones');
{
  const d = dupes(aHolders).map((id) => personById.get(id)?.username ?? id);
  check(d.length === 0, `people who are A of more than one post: ${d.join(', ')}`);
}
const idsEverywhere = new Set([...people.map((p) => p.id), ...posts.map((p) => p.id)]);
check(idsEverywhere.size === people.length + posts.length, 'a UUID is used by both a person and a post');
const postsOfKind = (k) => posts.filter((p) => p.kind === k);
inRange(postsOfKind('board_post').length, 20, 28, 'board posts');
inRange(postsOfKind('joint').length, 3, 8, 'joint posts');
inRange(postsOfKind('village').length, 3, 10, 'village posts');
for (const b of BOARD_CODES) check(postsOfKind('board_post').some((p) => p.boardCode === b), `board ${b} has no board post`);
const holders = new Set(posts.flatMap((p) => [p.aPersonId, p.bPersonId]));
const villageNames = new Set(postsOfKind('village').map((p) => p.name));

// ---------------------------------------------------------------- catalogue.json
const catalogue = load('catalogue.json') ?? { categories: [] };
let pinyinOf = null;
try {
  const req = createRequire(join(here, '..', '..', 'package.json'));
  const { pinyin } = req('pinyin-pro');
  pinyinOf = (s) => pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase();
} catch {
  // optional
}
const items = [];
const cats = Array.isArray(catalogue.categories) ? catalogue.categories : [];
check(Array.isArray(catalogue.categories), 'catalogue.categories missing');
unique(cats.map((c) => c.code), 'category codes');
unique(cats.map((c) => c.name), 'category names');
const pinyinMismatch = [];
for (const c of cats) {
  check(/^[A-Z]+$/.test(c.code ?? ''), `category ${c.code}: code must be upper-case letters`);
  check(isStr(c.name), `category ${c.code}: name missing`);
  check(boardCodes.has(c.boardCode), `category ${c.code}: unknown boardCode ${c.boardCode}`);
  check(Array.isArray(c.items) && c.items.length > 0, `category ${c.code}: no items`);
  for (const it of c.items ?? []) {
    items.push(it);
    const where = `item ${it.code}`;
    check(new RegExp(`^${c.code}-\\d{3}$`).test(it.code ?? ''), `${where}: code must be ${c.code}-NNN`);
    check(isStr(it.name), `${where}: name missing`);
    if (check(/^[a-z]+$/.test(it.pinyin ?? ''), `${where}: pinyin must be lowercase letters`) && isStr(it.name)) {
      check(it.pinyin.length === hanCount(it.name), `${where}: pinyin "${it.pinyin}" does not have one initial per character of ${it.name}`);
      if (pinyinOf && pinyinOf(it.name) !== it.pinyin) pinyinMismatch.push(`${it.code} ${it.name}: ${it.pinyin} ≠ ${pinyinOf(it.name)}`);
    }
    check(isStr(it.standard), `${where}: standard missing`);
    check(isStr(it.answerTemplate), `${where}: answerTemplate missing`);
    check(postByCode.has(it.leadPostCode), `${where}: leadPostCode ${it.leadPostCode} not in posts.json`);
    if (check(Array.isArray(it.cooperatingPostCodes), `${where}: cooperatingPostCodes missing`)) {
      for (const pc of it.cooperatingPostCodes) check(postByCode.has(pc), `${where}: cooperating post ${pc} not in posts.json`);
      check(!it.cooperatingPostCodes.includes(it.leadPostCode), `${where}: lead post is also cooperating`);
      unique(it.cooperatingPostCodes, `${where}: cooperating posts`);
    }
    check(LEVELS.has(it.defaultLevel), `${where}: bad defaultLevel ${it.defaultLevel}`);
    const lim = it.limits ?? {};
    check(JSON.stringify(Object.keys(lim).sort()) === JSON.stringify([...LIMIT_KEYS].sort()), `${where}: limits must have exactly ${LIMIT_KEYS.join(', ')}`);
    for (const k of LIMIT_KEYS) {
      const l = lim[k];
      check(l && Number.isInteger(l.value) && l.value > 0 && UNITS.has(l.unit), `${where}: limits.${k} invalid`);
    }
    const r = lim.resolve;
    if (r?.unit === 'work_day') check(r.value >= 1 && r.value <= 15, `${where}: resolve ${r.value} work days, expected 1..15`);
    if (r?.unit === 'hour') check(r.value <= 72, `${where}: resolve ${r.value} hours is too long for an emergency`);
    if (['serious', 'especially_serious'].includes(it.defaultLevel)) {
      check(r?.unit === 'hour' || r?.unit === 'minute', `${where}: a ${it.defaultLevel} item must resolve in hours`);
      check(['minute', 'hour'].includes(lim.onScene?.unit), `${where}: a ${it.defaultLevel} item must be on scene in minutes/hours`);
    }
    if (check(Array.isArray(it.sensorTypes), `${where}: sensorTypes missing`)) {
      for (const s of it.sensorTypes) check(SENSORS.has(s), `${where}: unknown sensor type ${s}`);
    }
  }
}
unique(items.map((i) => i.code), 'item codes');
unique(items.map((i) => i.name), 'item names');
check(items.length >= 60, `catalogue: ${items.length} items, expected ≥ 60`);
inRange(cats.length, 10, 16, 'catalogue categories');
for (const b of BOARD_CODES) check(cats.some((c) => c.boardCode === b), `board ${b} has no catalogue category`);
for (const s of SENSORS) {
  check(
    items.some((i) => i.sensorTypes?.includes(s) && ['major', 'serious'].includes(i.defaultLevel)),
    `no major/serious catalogue item for sensor type ${s}`,
  );
}
check(pinyinMismatch.length === 0, `pinyin initials differ from pinyin-pro: ${pinyinMismatch.join('; ')}`);
const itemCodes = new Set(items.map((i) => i.code));

// ---------------------------------------------------------------- sim-phrases.json
const sim = load('sim-phrases.json') ?? {};
const simItems = sim.items && typeof sim.items === 'object' ? sim.items : {};
check(sim.items && typeof sim.items === 'object', 'sim-phrases.items missing');
let phraseCount = 0;
for (const [code, list] of Object.entries(simItems)) {
  check(itemCodes.has(code), `sim-phrases: ${code} is not a catalogue item`);
  if (check(Array.isArray(list) && list.length >= 2 && list.length <= 4, `sim-phrases ${code}: need 2..4 phrases`)) {
    for (const ph of list) check(isStr(ph.title) && isStr(ph.description), `sim-phrases ${code}: title/description missing`);
    unique(list.map((ph) => ph.title), `sim-phrases ${code}: titles`);
    phraseCount += list.length;
  }
}
check(Object.keys(simItems).length >= 40, `sim-phrases: ${Object.keys(simItems).length} items, expected ≥ 40`);
check(Array.isArray(sim.roads) && sim.roads.length >= 10 && sim.roads.every(isStr), 'sim-phrases.roads: need ≥ 10 names');
unique(sim.roads ?? [], 'sim-phrases roads');
if (check(Array.isArray(sim.places) && sim.places.length >= 10, 'sim-phrases.places: need ≥ 10 places')) {
  for (const p of sim.places) {
    check(isStr(p.name) && isStr(p.type), `sim-phrases place ${p.name}: name/type missing`);
    check(villageNames.has(p.village), `sim-phrases place ${p.name}: unknown village ${p.village}`);
  }
  unique(sim.places.map((p) => p.name), 'sim-phrases places');
}

// ---------------------------------------------------------------- grids.geojson
const grids = load('grids.geojson') ?? { features: [] };
check(grids.type === 'FeatureCollection' && Array.isArray(grids.features), 'grids.geojson: not a FeatureCollection');
const feats = Array.isArray(grids.features) ? grids.features : [];
const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const samePt = (a, b) => a[0] === b[0] && a[1] === b[1];
function segmentsCross(p1, p2, p3, p4) {
  // proper or touching intersection, ignoring shared endpoints
  const shared = samePt(p1, p3) || samePt(p1, p4) || samePt(p2, p3) || samePt(p2, p4);
  const d1 = cross(p3, p4, p1);
  const d2 = cross(p3, p4, p2);
  const d3 = cross(p1, p2, p3);
  const d4 = cross(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (shared) return false;
  const on = (p, q, r) => Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && on(p3, p4, p1)) || (d2 === 0 && on(p3, p4, p2)) || (d3 === 0 && on(p1, p2, p3)) || (d4 === 0 && on(p1, p2, p4));
}
// shoelace, relative to the town centre for precision (square degrees)
const area = (ring) => {
  const [ox, oy] = town?.center ?? ring[0];
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    s += (ring[i][0] - ox) * (ring[i + 1][1] - oy) - (ring[i + 1][0] - ox) * (ring[i][1] - oy);
  }
  return s / 2;
};
const key = (p) => `${p[0]},${p[1]}`;
const directed = new Map(); // "a|b" -> feature index
let areaSum = 0;
let ringsOk = true;
const decimals = (n) => (String(n).split('.')[1] ?? '').length;
for (const [i, f] of feats.entries()) {
  const pr = f.properties ?? {};
  const where = `grid ${pr.code ?? i}`;
  check(f.type === 'Feature', `${where}: not a Feature`);
  check(/^G\d{2}$/.test(pr.code ?? ''), `${where}: code must be Gnn`);
  check(pr.code === `G${String(i + 1).padStart(2, '0')}`, `${where}: codes must run G01.. in order`);
  check(isStr(pr.name), `${where}: name missing`);
  check(villageNames.has(pr.village), `${where}: village ${pr.village} is not a village post`);
  check(isStr(pr.name) && pr.name.startsWith(pr.village ?? '\u0000'), `${where}: name should start with its village`);
  check(Number.isInteger(pr.households) && pr.households >= 300 && pr.households <= 500, `${where}: households must be 300..500`);
  const w = personById.get(pr.gridWorkerId);
  if (check(w, `${where}: gridWorkerId not in people.json`)) check(w.roles.includes('board_staff'), `${where}: grid worker ${w.username} is not board_staff`);
  const g = f.geometry ?? {};
  if (!check(g.type === 'Polygon' && Array.isArray(g.coordinates) && g.coordinates.length === 1, `${where}: must be a Polygon with one ring`)) {
    ringsOk = false;
    continue;
  }
  const ring = g.coordinates[0];
  let ok =
    check(Array.isArray(ring) && ring.length >= 4, `${where}: ring too short`) &&
    check(ring.every((p) => Array.isArray(p) && p.length === 2 && p.every(Number.isFinite)), `${where}: bad positions`) &&
    check(samePt(ring[0], ring[ring.length - 1]), `${where}: ring not closed`);
  if (!ok) {
    ringsOk = false;
    continue;
  }
  check(ring.every((p) => decimals(p[0]) <= 5 && decimals(p[1]) <= 5), `${where}: coordinates not rounded to 5 decimals`);
  if (town) check(ring.every((p) => Math.abs(p[0] - town.center[0]) < 0.1 && Math.abs(p[1] - town.center[1]) < 0.1), `${where}: far from the town centre`);
  const a = area(ring);
  ok = check(a > 0, `${where}: ring must be counter-clockwise`) && ok;
  areaSum += a;
  const n = ring.length - 1;
  unique(ring.slice(0, n).map(key), `${where}: ring vertices`);
  for (let s = 0; s < n; s++) {
    for (let t = s + 1; t < n; t++) {
      if (t === s + 1 || (s === 0 && t === n - 1)) continue;
      if (segmentsCross(ring[s], ring[s + 1], ring[t], ring[t + 1])) {
        ok = fail(`${where}: ring intersects itself`);
        s = n;
        break;
      }
    }
  }
  for (let s = 0; s < n; s++) {
    const k = `${key(ring[s])}|${key(ring[s + 1])}`;
    if (directed.has(k)) ok = fail(`${where}: edge ${k} also in grid ${feats[directed.get(k)].properties?.code} in the same direction (overlap)`);
    directed.set(k, i);
  }
  if (!ok) ringsOk = false;
}
unique(feats.map((f) => f.properties?.code), 'grid codes');
unique(feats.map((f) => f.properties?.name), 'grid names');
inRange(feats.length, 35, 45, 'grids');
for (const v of villageNames) check(feats.some((f) => f.properties?.village === v), `village ${v} has no grid`);

// Tessellation: every edge is either shared with exactly one other grid (in the opposite direction)
// or lies on the town outline; the outline is one closed loop; no two edges cross; and the grids'
// areas add up to the area inside the outline. Together: no gaps and no overlaps.
let outlineLoops = 0;
let outlineArea = 0;
if (ringsOk && feats.length > 0) {
  const outline = new Map(); // start -> [start, end]
  for (const [k] of directed) {
    const [a, b] = k.split('|');
    if (!directed.has(`${b}|${a}`)) {
      if (outline.has(a)) fail(`grids: outline branches at ${a}`);
      outline.set(a, b);
    }
  }
  const parse = (s) => s.split(',').map(Number);
  const left = new Set(outline.keys());
  while (left.size > 0) {
    const start = left.values().next().value;
    const loop = [parse(start)];
    let cur = start;
    for (;;) {
      left.delete(cur);
      const next = outline.get(cur);
      if (next === undefined) {
        fail(`grids: outline is not closed at ${cur}`);
        break;
      }
      loop.push(parse(next));
      if (next === start) break;
      if (!left.has(next)) {
        fail(`grids: outline loops back at ${next}`);
        break;
      }
      cur = next;
    }
    outlineLoops += 1;
    outlineArea += area(loop);
  }
  check(outlineLoops === 1, `grids: the town outline has ${outlineLoops} loops (holes or islands), expected 1`);
  check(Math.abs(outlineArea - areaSum) <= 1e-12, `grids: areas ${areaSum} ≠ outline area ${outlineArea}`);
  // every undirected segment once, then pairwise crossing test
  const segs = [];
  for (const [k, fi] of directed) {
    const [a, b] = k.split('|');
    if (directed.has(`${b}|${a}`) && a > b) continue;
    segs.push([parse(a), parse(b), fi]);
  }
  let crossings = 0;
  for (let s = 0; s < segs.length; s++) {
    for (let t = s + 1; t < segs.length; t++) {
      const [p1, p2] = segs[s];
      const [p3, p4] = segs[t];
      if (Math.max(p1[0], p2[0]) < Math.min(p3[0], p4[0]) || Math.max(p3[0], p4[0]) < Math.min(p1[0], p2[0])) continue;
      if (Math.max(p1[1], p2[1]) < Math.min(p3[1], p4[1]) || Math.max(p3[1], p4[1]) < Math.min(p1[1], p2[1])) continue;
      if (segmentsCross(p1, p2, p3, p4)) crossings += 1;
    }
  }
  check(crossings === 0, `grids: ${crossings} pairs of edges cross`);
}

// ---------------------------------------------------------------- summary
const latKm = 111.32;
const lngKm = town ? 111.32 * Math.cos((town.center[1] * Math.PI) / 180) : 96;
const byBoard = (list) => BOARD_CODES.map((b) => `${b} ${list.filter((x) => x.boardCode === b).length}`).join(', ');
const gridWorkers = new Set(feats.map((f) => f.properties?.gridWorkerId));
const staffWithoutPost = withRole('board_staff').filter((p) => !holders.has(p.id) && !gridWorkers.has(p.id));
console.log(`town        ${town?.name} ${town?.townCode} — ${town?.centreName} (${town?.districtName})`);
console.log(`boards      ${boards.length}: ${boards.map((b) => b.name).join(' / ')}`);
console.log(
  `people      ${people.length}: admin ${withRole('admin').length}, leader ${withRole('leader').length}, officer ${withRole('officer').length}, ` +
    `board_staff ${withRole('board_staff').length}, wall_viewer ${withRole('wall_viewer').length}` +
    (staffWithoutPost.length ? ` (board staff with no post and no grid: ${staffWithoutPost.map((p) => p.username).join(', ')})` : ''),
);
console.log(
  `posts       ${posts.length}: board_post ${postsOfKind('board_post').length} (${byBoard(postsOfKind('board_post'))}), ` +
    `joint ${postsOfKind('joint').length}, village ${postsOfKind('village').length}`,
);
console.log(
  `grids       ${feats.length} in ${villageNames.size} villages, ${feats.reduce((s, f) => s + (f.properties?.households ?? 0), 0)} households, ` +
    `${(areaSum * latKm * lngKm).toFixed(1)} km², ${gridWorkers.size} grid workers, outline loops ${outlineLoops}`,
);
console.log(
  `catalogue   ${cats.length} categories, ${items.length} items (${byBoard(cats.flatMap((c) => c.items.map(() => c)))}); ` +
    `sensor items: ${items.filter((i) => i.sensorTypes?.length).map((i) => `${i.code}[${i.sensorTypes.join(',')}]`).join(' ')}; ` +
    `pinyin ${pinyinOf ? 'checked against pinyin-pro' : 'form only (pinyin-pro not installed)'}`,
);
console.log(`sim-phrases ${Object.keys(simItems).length} items, ${phraseCount} phrases, ${sim.roads?.length ?? 0} roads, ${sim.places?.length ?? 0} places`);
if (errors.length) {
  console.error(`\nFAILED: ${errors.length} problem(s)`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log('\nOK: demo town data is consistent');
