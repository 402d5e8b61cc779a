/**
 * The first start of a console: the demo town seeded from resources/demo-town (`--demo`), or a town's
 * own set-up — its division code and name, and its first administrator (whose password follows the
 * rule) — in one command. The town service (town.service.ts) keeps what they make in memory.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Level } from '../../../preload/contract/schemas';
import { checkPassword } from '../../../preload/contract/password-policy';
import { hashPassword } from '../auth/passwords';
import { refuse } from '../errors';
import { newId } from '../kernel/ids';
import { SYSTEM } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { getMeta, setMeta } from '../kernel/meta.repository';
import type { ItemLimits } from '../sla/sla';
import { TownRepository } from './town.repository';
import type { GridRecord, PostRecord, TownFile } from './town.service';

export const DEMO_PASSWORD = 'duty1234';

/** Where a town set up by its administrator keeps its TownFile (meta; the demo town's is resources/demo-town/town.json). */
export const OWN_TOWN_KEY = 'own_town';

/** The four boards of the 141 system: every town has them (DESIGN.md, 板块). */
const STANDARD_BOARDS = [
  { code: 'party', name: '党的建设' },
  { code: 'economy', name: '经济发展' },
  { code: 'livelihood', name: '民生服务' },
  { code: 'safety', name: '平安法治' },
];

/** What the first start asks for (preload/contract/setup-schemas.ts validates it first). */
export interface TownSetUp {
  readonly townCode: string;
  readonly townName: string;
  readonly centreName?: string;
  readonly districtName?: string;
  readonly admin: { readonly name: string; readonly username: string; readonly password: string; readonly phone?: string };
}

const repo = new TownRepository();
const SETUP = 'town.setup';

/**
 * Makes the town and its first administrator in one command, and returns the town — or null when
 * this call repeats one that ran (the same command id: a double click, a retry after a lost answer),
 * which answers as the first did and changes nothing. Refused once the town exists.
 */
export async function setUpTown(
  kernel: Kernel,
  now: { readonly configured: boolean; readonly town: TownFile },
  input: TownSetUp,
  options: { kdfLogN?: number; districtTownCode?: string } = {},
): Promise<TownFile | null> {
  const adminId = newId();
  // The first administrator sets the town up (the command id of the page's 创建 is theirs to repeat).
  const actor = { id: adminId, roles: ['admin' as const] };
  const audit = { entity: 'town', entityId: input.townCode, detail: { name: input.townName, admin: input.admin.username } };
  if (await kernel.ranBefore(SETUP)) {
    await kernel.run({ name: SETUP, actor, audit }, () => refuse('town_already_set_up', 'this console already has its town'));
    return null;
  }
  if (now.configured) refuse('town_already_set_up', 'this console already has its town');
  if (options.districtTownCode !== undefined && options.districtTownCode !== input.townCode) {
    refuse('town_code_mismatch', `the district link is for town ${options.districtTownCode}, not ${input.townCode}`, { expected: options.districtTownCode });
  }
  const rule = checkPassword(input.admin.password, { username: input.admin.username });
  if (!rule.ok) refuse('weak_password', `the administrator's password breaks the rule: ${rule.issues.join(', ')}`, { reason: rule.issues[0] });
  const town: TownFile = {
    townCode: input.townCode,
    name: input.townName,
    centreName: input.centreName || `${input.townName}基层治理指挥中心`,
    districtName: input.districtName || '',
    center: now.town.center,
    workingHours: now.town.workingHours,
  };
  const hash = await hashPassword(input.admin.password, options.kdfLogN);
  const made = await kernel.run({ name: SETUP, actor, audit }, async (tx) => {
    // Two windows set up at once: the second finds the first's town (its command runs after).
    if (await getMeta(tx.sql, OWN_TOWN_KEY)) refuse('town_already_set_up', 'this console already has its town');
    for (const b of STANDARD_BOARDS) await repo.insertBoard(tx.sql, b);
    await repo.insertPerson(tx.sql, {
      id: adminId,
      name: input.admin.name,
      phone: input.admin.phone ?? '',
      username: input.admin.username,
      passwordHash: hash,
      roles: ['admin'],
    });
    await setMeta(tx.sql, OWN_TOWN_KEY, JSON.stringify(town));
    await setMeta(tx.sql, 'town_code', town.townCode);
    return { adminId };
  });
  // The same command id came twice at once: the other call made the town.
  return made.adminId === adminId ? town : null;
}

interface DemoCatalogue {
  categories: {
    code: string;
    name: string;
    boardCode: string;
    items: {
      code: string;
      name: string;
      pinyin: string;
      standard: string;
      leadPostCode: string;
      cooperatingPostCodes: string[];
      defaultLevel: Level;
      limits: ItemLimits;
      answerTemplate: string;
      sensorTypes?: string[];
    }[];
  }[];
}

/** Seeds the demo town (resources/demo-town) into an empty database, in one command. */
export async function seedDemoTown(kernel: Kernel, dir: string, townCode: string, kdfLogN?: number): Promise<void> {
  const load = async <T>(name: string): Promise<T> => JSON.parse(await readFile(path.join(dir, name), 'utf8')) as T;
  const boards = await load<{ code: string; name: string }[]>('boards.json');
  const people = await load<{ id: string; name: string; phone: string; username: string; roles: string[] }[]>('people.json');
  const posts = await load<(PostRecord & { aPersonId: string; bPersonId: string })[]>('posts.json');
  const grids = await load<{ features: { properties: Omit<GridRecord, 'geometry'>; geometry: unknown }[] }>('grids.geojson');
  const catalogue = await load<DemoCatalogue>('catalogue.json');
  // One demo password for every demo account: hashed once (a slow KDF, on purpose), stored per person.
  const demoHash = await hashPassword(DEMO_PASSWORD, kdfLogN);
  const postIdByCode = new Map(posts.map((p) => [p.code, p.id]));
  const postId = (item: string, code: string, what: string): string => {
    const id = postIdByCode.get(code);
    if (!id) throw new Error(`catalogue item ${item}: unknown ${what} post ${code}`);
    return id;
  };
  await kernel.run({ name: 'town.seed', actor: SYSTEM, audit: false }, async (tx) => {
    const sql = tx.sql;
    for (const b of boards) await repo.insertBoard(sql, b);
    for (const p of people) await repo.insertPerson(sql, { ...p, passwordHash: demoHash });
    for (const p of posts) await repo.insertPost(sql, p);
    for (const f of grids.features) await repo.insertGrid(sql, { ...f.properties, geometry: JSON.stringify(f.geometry) });
    for (const c of catalogue.categories) {
      for (const i of c.items) {
        await repo.insertCatalogueItem(sql, {
          code: i.code,
          name: i.name,
          pinyin: i.pinyin,
          categoryCode: c.code,
          categoryName: c.name,
          boardCode: c.boardCode,
          standard: i.standard,
          leadPostId: postId(i.code, i.leadPostCode, 'lead'),
          cooperatingPostIds: i.cooperatingPostCodes.map((code) => postId(i.code, code, 'cooperating')),
          defaultLevel: i.defaultLevel,
          limits: i.limits,
          answerTemplate: i.answerTemplate,
          sensorTypes: i.sensorTypes ?? [],
        });
      }
    }
    await setMeta(sql, 'seeded', new Date().toISOString());
    await setMeta(sql, 'town_code', townCode);
  });
}
