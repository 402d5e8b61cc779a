/**
 * Importing a town from its own spreadsheets, into a console set up as the sample town 白鹭镇 (no
 * demo ids anywhere): the preview says what is added, changed and deactivated; the apply does it in
 * one command with its audit row and the district's person, post and grid ops (never a password);
 * the imported accounts must change their one-time password at the first sign-in; a re-import
 * updates by code and never duplicates; a preview of a town that changed since is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../main/core/errors';
import { SYSTEM } from '../../main/core/kernel/actor';
import { withCommandScope } from '../../main/core/kernel/command-scope';
import { filesOf, sampleFiles } from '../support/sample-town';
import { importCore, sampleData, SET_UP, townTables, type ImportCore } from './import-support';

let t: ImportCore;
beforeEach(async () => {
  t = await importCore();
});
afterEach(async () => {
  await t.close();
});

const outbox = (entity?: string) =>
  t.core.db.read((sql) =>
    sql.all<{ entity: string; entity_id: string; kind: string; payload: string; base_version: number | null }>(
      `SELECT entity, entity_id, kind, payload, base_version FROM outbox ${entity ? 'WHERE entity = ?' : ''} ORDER BY seq`,
      entity ? [entity] : [],
    ),
  );

describe('the sample town into a console that has only its administrator', () => {
  it('previews what will be added, then applies it in one command', async () => {
    const preview = await t.importer.preview(t.admin, sampleFiles());
    expect(preview.faults).toEqual([]);
    expect(preview.previewId).toEqual(expect.any(String));
    expect(preview.files.map((f) => [f.fileName, f.kinds])).toEqual([
      ['people.xlsx', ['people']],
      ['accounts.xlsx', ['accounts']],
      ['posts.xlsx', ['posts']],
      ['villages-grids.xlsx', ['villagesGrids']],
      ['grids.geojson', ['shapes']],
      ['catalogue.xlsx', ['catalogue']],
    ]);
    // The set-up's administrator is BL001 (the accounts sheet gives BL001 her username): taken, not added twice.
    expect(preview.counts).toEqual({
      people: { added: 39, changed: 1, deactivated: 0, unchanged: 0 },
      accounts: { added: 21, changed: 0, deactivated: 0, unchanged: 1 },
      posts: { added: 12, changed: 0, deactivated: 0, unchanged: 0 },
      villages: { added: 3, changed: 0, deactivated: 0, unchanged: 0 },
      grids: { added: 8, changed: 0, deactivated: 0, unchanged: 0 },
      catalogue: { added: 40, changed: 0, deactivated: 0, unchanged: 0 },
    });
    expect(preview.changes.find((c) => c.entity === 'people' && c.change === 'changed')).toMatchObject({ code: 'BL001', name: '郑海燕', fields: ['人员编号', '手机号'] });
    expect(preview.changesTotal).toBe(preview.changes.length);
    // A preview writes nothing.
    const before = await townTables(t.core);
    const again = await t.importer.preview(t.admin, sampleFiles());
    expect(await townTables(t.core)).toBe(before);
    expect(again.counts).toEqual(preview.counts);

    // The newer preview is the one that applies (one per person).
    const commands = t.core.kernel.stats.commands;
    const applied = await t.importer.apply(t.admin, again.previewId!);
    expect(t.core.kernel.stats.commands).toBe(commands + 1);
    expect(applied.repeated).toBe(false);
    expect(applied.counts).toEqual(preview.counts);
    expect(applied.oneTimePasswords).toHaveLength(21);
    expect(applied.oneTimePasswords.find((p) => p.username === 'zhoujianguo')).toMatchObject({
      code: 'BL002',
      name: '周建国',
      oneTimePassword: expect.stringMatching(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/),
    });

    // The town in memory follows at once.
    const town = t.core.town;
    expect([...town.people.values()].filter((p) => p.active)).toHaveLength(40);
    expect(town.postsByCode.get('BL-YJ')).toMatchObject({ name: '应急管理岗', boardCode: 'safety', kind: 'board_post' });
    const yj = town.postsByCode.get('BL-YJ')!;
    expect(town.people.get(yj.aPersonId!)?.name).toBe('严俊杰');
    expect(town.people.get(yj.bPersonId!)?.name).toBe('华丽萍');
    expect(town.grids.get('BL-G08')).toMatchObject({ name: '石桥村第二网格（含鹭鸶岛）', village: '石桥村', households: 189 });
    expect((town.grids.get('BL-G08')!.geometry as { type: string }).type).toBe('MultiPolygon');
    expect(town.catalogue.get('BL-AQ-001')).toMatchObject({
      name: '燃气泄漏',
      pinyin: 'rqxl',
      categoryName: '安全生产',
      boardCode: 'safety',
      defaultLevel: 'serious',
      leadPostId: yj.id,
      cooperatingPostIds: [town.postsByCode.get('BL-PCS')!.id],
      limits: { accept: { value: 3, unit: 'minute' }, acknowledge: { value: 5, unit: 'minute' }, onScene: { value: 30, unit: 'minute' }, resolve: { value: 12, unit: 'hour' } },
      sensorTypes: ['methane'],
    });
    expect(town.catalogue.get('BL-DQ-001')!.limits).toEqual({
      accept: { value: 30, unit: 'minute' },
      acknowledge: { value: 2, unit: 'work_hour' },
      onScene: { value: 8, unit: 'work_hour' },
      resolve: { value: 5, unit: 'work_day' },
    });
    expect(town.searchCatalogue('rqxl', 5)[0]?.code).toBe('BL-AQ-001');

    // One audit row names what was imported (files by digest, counts, codes), never a password.
    const audit = await t.core.db.read((sql) =>
      sql.all<{ action: string; actor_id: string; detail: string }>(`SELECT action, actor_id, detail FROM audit_log WHERE action = 'town.import'`),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(t.admin.id);
    const detail = JSON.parse(audit[0]!.detail) as { files: { fileName: string; sha256: string }[]; counts: unknown; people: string[] };
    expect(detail.files.map((f) => f.fileName)).toContain('people.xlsx');
    expect(detail.files[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.counts).toEqual(preview.counts);
    expect(detail.people).toHaveLength(40);
    for (const p of applied.oneTimePasswords) expect(audit[0]!.detail).not.toContain(p.oneTimePassword);
  });

  it('writes the district an upsert per person, post and grid: no username, password or hash', async () => {
    const preview = await t.importer.preview(t.admin, sampleFiles());
    const applied = await t.importer.apply(t.admin, preview.previewId!);
    const ops = await outbox();
    expect(ops.filter((o) => o.entity === 'person')).toHaveLength(40);
    expect(ops.filter((o) => o.entity === 'post')).toHaveLength(12);
    expect(ops.filter((o) => o.entity === 'grid')).toHaveLength(8);
    expect(ops.filter((o) => !['person', 'post', 'grid'].includes(o.entity))).toEqual([]);
    expect(ops.every((o) => o.kind === 'upsert')).toBe(true);
    const hashes = await t.core.db.read((sql) => sql.all<{ password_hash: string; username: string }>(`SELECT password_hash, username FROM person`));
    for (const op of ops) {
      const payload = JSON.parse(op.payload) as Record<string, unknown>;
      for (const key of Object.keys(payload)) expect(key).not.toMatch(/password|hash|username|session|token/i);
      for (const h of hashes) expect(op.payload).not.toContain(h.password_hash);
      for (const p of applied.oneTimePasswords) {
        expect(op.payload).not.toContain(p.oneTimePassword);
        expect(op.payload).not.toContain(`"${p.username}"`);
      }
    }
    const yj = t.core.town.postsByCode.get('BL-YJ')!;
    const person = ops.find((o) => o.entity === 'person' && o.entity_id === yj.aPersonId)!;
    expect(JSON.parse(person.payload)).toEqual({ name: '严俊杰', roles: ['board_staff'], active: true, phone: expect.any(String), board: 'safety', postIds: [yj.id] });
    expect(JSON.parse(ops.find((o) => o.entity === 'post' && o.entity_id === yj.id)!.payload)).toEqual({
      code: 'BL-YJ',
      name: '应急管理岗',
      boardCode: 'safety',
      kind: 'board_post',
      phone: '0571-86120402',
      aPersonId: yj.aPersonId,
      bPersonId: yj.bPersonId,
      active: true,
    });
    const grid = ops.find((o) => o.entity === 'grid' && JSON.parse(o.payload).code === 'BL-G01')!;
    expect(grid.entity_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(JSON.parse(grid.payload)).toMatchObject({ code: 'BL-G01', name: '白鹭社区第一网格', villageCode: '330110108001', village: '白鹭社区', geometry: { type: 'Polygon' } });
  });

  it('opens accounts whose one-time password must be changed at the first sign-in', async () => {
    const preview = await t.importer.preview(t.admin, sampleFiles());
    const applied = await t.importer.apply(t.admin, preview.previewId!);
    const officer = applied.oneTimePasswords.find((p) => p.username === 'chensiyuan')!;
    const signedIn = await t.core.auth.login('chensiyuan', officer.oneTimePassword);
    expect(signedIn.mustChangePassword).toBe(true);
    expect(signedIn.actor.roles).toEqual(['officer']);
    // The administrator of the set-up keeps her own password (her account was there already).
    const admin = await t.core.auth.login(SET_UP.admin.username, SET_UP.admin.password);
    expect(admin.mustChangePassword).toBe(false);
    expect(admin.actor.id).toBe(t.admin.id);
    // People without an account cannot sign in (their username is not one).
    const noAccount = [...t.core.town.people.values()].find((p) => p.name === '朱丽娟')!;
    expect(noAccount.username.startsWith('~')).toBe(true);
  });

  it('a re-import of the same files changes nothing and adds no one twice', async () => {
    const first = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, first.previewId!);
    const tables = await townTables(t.core);
    const again = await t.importer.preview(t.admin, sampleFiles());
    expect(again.faults).toEqual([]);
    expect(again.changes).toEqual([]);
    expect(again.counts).toEqual({
      people: { added: 0, changed: 0, deactivated: 0, unchanged: 40 },
      accounts: { added: 0, changed: 0, deactivated: 0, unchanged: 22 },
      posts: { added: 0, changed: 0, deactivated: 0, unchanged: 12 },
      villages: { added: 0, changed: 0, deactivated: 0, unchanged: 3 },
      grids: { added: 0, changed: 0, deactivated: 0, unchanged: 8 },
      catalogue: { added: 0, changed: 0, deactivated: 0, unchanged: 40 },
    });
    const applied = await t.importer.apply(t.admin, again.previewId!);
    expect(applied.oneTimePasswords).toEqual([]);
    const after = await townTables(t.core);
    // Only the audit row of the second import is new: no record, no op.
    expect(after.length).toBeGreaterThan(tables.length);
    const count = (table: string) => t.core.db.read(async (sql) => (await sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n);
    expect(await count('person')).toBe(40);
    expect(await count('post')).toBe(12);
    expect(await count('grid')).toBe(8);
    expect(await count('catalogue_item')).toBe(40);
    expect(await count('outbox')).toBe(60);
  });

  it('a re-import of edited files updates by code and deactivates what the files no longer hold', async () => {
    const first = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, first.previewId!);
    const data = await sampleData();
    // 何素芬 has a new phone, 葛红梅 left (her post duties had none), 应急管理岗's B is now 曹雪琴,
    // 噪声扰民 moved to 综治信访岗, 就业帮扶 is gone, 白鹭社区第四网格 has more households.
    data.sheets['人员']!.find((r) => r[0] === 'BL016')![2] = '13900001111';
    data.sheets['人员'] = data.sheets['人员']!.filter((r) => r[0] !== 'BL040');
    data.sheets['账号'] = data.sheets['账号']!.filter((r) => r[0] !== 'BL040');
    data.sheets['岗位']!.find((r) => r[0] === 'BL-YJ')![6] = 'BL021';
    data.sheets['事项']!.find((r) => r[1] === '噪声扰民')![3] = 'BL-ZZ';
    data.sheets['事项'] = data.sheets['事项']!.filter((r) => r[1] !== '就业帮扶');
    data.sheets['网格']!.find((r) => r[0] === 'BL-G04')![3] = '420';
    const preview = await t.importer.preview(t.admin, await filesOf(data));
    expect(preview.faults).toEqual([]);
    const summary = preview.changes.map((c) => `${c.entity} ${c.change} ${c.code} ${c.fields.join('/')}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'people changed BL016 手机号',
        'people deactivated BL040 ',
        'people changed BL021 所在岗位',
        'people changed BL023 所在岗位',
        'accounts deactivated gehongmei ',
        'posts changed BL-YJ B岗 华丽萍 → 曹雪琴',
        'grids changed BL-G04 户数',
        'catalogue changed BL-HJ-005 牵头岗位 环境卫生岗 → 综治信访岗',
        'catalogue deactivated BL-MS-005 ',
      ]),
    );
    expect(preview.counts.people).toEqual({ added: 0, changed: 3, deactivated: 1, unchanged: 36 });
    await t.importer.apply(t.admin, preview.previewId!);
    const town = t.core.town;
    const gone = [...town.people.values()].find((p) => p.name === '葛红梅')!;
    expect(gone).toMatchObject({ active: false, available: false });
    expect(gone.username.startsWith('~')).toBe(true);
    expect(town.people.get(town.postsByCode.get('BL-YJ')!.bPersonId!)?.name).toBe('曹雪琴');
    expect(town.catalogue.get('BL-MS-005')).toMatchObject({ name: '就业帮扶' });
    expect(town.searchCatalogue('就业帮扶', 5).map((i) => i.code)).not.toContain('BL-MS-005');
    const count = (sql: string) => t.core.db.read(async (s) => (await s.get<{ n: number }>(sql))!.n);
    expect(await count(`SELECT count(*) AS n FROM person`)).toBe(40);
    expect(await count(`SELECT count(*) AS n FROM catalogue_item WHERE active = 1`)).toBe(39);
    // The people whose posts changed and the post itself go to the district again, one version up.
    const yj = t.core.town.postsByCode.get('BL-YJ')!;
    const postOps = (await outbox('post')).filter((o) => o.entity_id === yj.id);
    expect(postOps.map((o) => o.base_version)).toEqual([0, 1]);
  });

  it('a part left out of the upload is left as it is', async () => {
    const first = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, first.previewId!);
    const data = await sampleData();
    data.sheets['事项']!.find((r) => r[1] === '路灯损坏')![9] = '3个工作日';
    const preview = await t.importer.preview(t.admin, await filesOf(data, ['catalogue.xlsx']));
    expect(preview.faults).toEqual([]);
    expect(Object.keys(preview.counts)).toEqual(['catalogue']);
    expect(preview.changes).toEqual([{ entity: 'catalogue', change: 'changed', code: 'BL-CX-003', name: '路灯损坏', fields: ['办结时限 5个工作日 → 3个工作日'] }]);
  });
});

describe('a preview that no longer holds', () => {
  it('is refused when the town changed after it, and nothing is saved', async () => {
    const first = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, first.previewId!);
    const data = await sampleData();
    data.sheets['岗位']!.find((r) => r[0] === 'BL-DJ')![1] = '党建工作岗';
    const preview = await t.importer.preview(t.admin, await filesOf(data, ['posts.xlsx']));
    expect(preview.changes).toHaveLength(1);
    // Meanwhile someone changes the town (another command: a post's phone number).
    await t.core.kernel.run({ name: 'test.change', actor: SYSTEM, audit: false }, (tx) => tx.sql.run(`UPDATE post SET phone = '0571-86129999' WHERE code = 'BL-JJ'`));
    const tables = await townTables(t.core);
    const error = await t.importer.apply(t.admin, preview.previewId!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'import_stale', params: { reason: 'changed' } });
    expect(await townTables(t.core)).toBe(tables);
    expect(t.core.town.postsByCode.get('BL-DJ')!.name).toBe('党建岗');
    // The preview is gone; a new one applies.
    await expect(t.importer.apply(t.admin, preview.previewId!)).rejects.toMatchObject({ code: 'import_stale', params: { reason: 'expired' } });
    const again = await t.importer.preview(t.admin, await filesOf(data, ['posts.xlsx']));
    await t.importer.apply(t.admin, again.previewId!);
    expect(t.core.town.postsByCode.get('BL-DJ')!.name).toBe('党建工作岗');
  });

  it('a newer preview replaces the older one of the same person', async () => {
    const older = await t.importer.preview(t.admin, sampleFiles());
    const newer = await t.importer.preview(t.admin, sampleFiles());
    await expect(t.importer.apply(t.admin, older.previewId!)).rejects.toMatchObject({ code: 'import_stale' });
    await t.importer.apply(t.admin, newer.previewId!);
    expect(t.core.town.postsByCode.size).toBe(12);
  });

  it('a repeat of the same command answers its first result, without the passwords', async () => {
    const preview = await t.importer.preview(t.admin, sampleFiles());
    const commandId = '0190c7a4-1111-7000-8000-000000000001';
    const first = await withCommandScope({ commandId }, () => t.importer.apply(t.admin, preview.previewId!));
    const repeat = await withCommandScope({ commandId }, () => t.importer.apply(t.admin, preview.previewId!));
    expect(first.oneTimePasswords).toHaveLength(21);
    expect(repeat).toEqual({ counts: first.counts, oneTimePasswords: [], repeated: true });
    const stored = await t.core.db.read((sql) => sql.all<{ result: string }>(`SELECT result FROM command_result WHERE name = 'town.import'`));
    expect(stored).toHaveLength(1);
    for (const p of first.oneTimePasswords) expect(stored[0]!.result).not.toContain(p.oneTimePassword);
  });
});
