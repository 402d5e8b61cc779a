/**
 * 本镇数据导入 through the API (callApi, as both front doors): the files go up in chunks, the preview
 * and the apply follow; only an administrator may; sizes are bounded at the door (a chunk, a file) and
 * in the core (order, completeness); a template comes back as an .xlsx with Chinese headings.
 */
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi, type Session } from '../../main/ipc/handlers';
import { IMPORT_CHUNK_BYTES, IMPORT_MAX_FILE_BYTES, type ImportApplied, type ImportPreview } from '../../preload/contract/town-import-schemas';
import { sampleFiles } from '../support/sample-town';
import { importCore, SET_UP, townTables, type ImportCore } from './import-support';

let t: ImportCore;
let admin: Session;
beforeEach(async () => {
  t = await importCore();
  admin = { actor: null };
  const login = await callApi(t.core, admin, 'session:login', { username: SET_UP.admin.username, password: SET_UP.admin.password });
  expect(login.ok).toBe(true);
});
afterEach(async () => {
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked against their schemas (checkResponses)
const call = (session: Session, channel: string, request: unknown): Promise<any> => callApi(t.core, session, channel, request, { checkResponses: true });

/** Sends a file in chunks of `chunk` bytes; returns its upload id. */
async function upload(session: Session, fileName: string, bytes: Buffer, chunk = IMPORT_CHUNK_BYTES): Promise<string> {
  const uploadId = randomUUID();
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const r = await call(session, 'town:importUpload', {
      uploadId,
      fileName,
      totalBytes: bytes.length,
      offset,
      dataBase64: bytes.subarray(offset, offset + chunk).toString('base64'),
    });
    expect(r, fileName).toMatchObject({ ok: true, data: { receivedBytes: Math.min(bytes.length, offset + chunk) } });
  }
  return uploadId;
}

describe('the import over the API', () => {
  it('uploads in chunks, previews, and applies with one command id', async () => {
    const ids: string[] = [];
    for (const f of sampleFiles()) ids.push(await upload(admin, f.fileName, f.bytes, 2048));
    const preview = await call(admin, 'town:importPreview', { uploadIds: ids });
    expect(preview.ok).toBe(true);
    const p = preview.data as ImportPreview;
    expect(p.faults).toEqual([]);
    expect(p.counts.catalogue).toEqual({ added: 40, changed: 0, deactivated: 0, unchanged: 0 });
    // The uploads were consumed by the preview.
    expect(await call(admin, 'town:importPreview', { uploadIds: ids })).toMatchObject({ ok: false, error: { code: 'import_stale' } });
    const commandId = randomUUID();
    const applied = await call(admin, 'town:importApply', { previewId: p.previewId, commandId });
    expect(applied.ok).toBe(true);
    expect((applied.data as ImportApplied).oneTimePasswords).toHaveLength(21);
    const repeat = await call(admin, 'town:importApply', { previewId: p.previewId, commandId });
    expect(repeat).toMatchObject({ ok: true, data: { repeated: true, oneTimePasswords: [] } });
    expect(t.core.town.postsByCode.size).toBe(12);
    const town = await call(admin, 'town:get', {});
    expect(town.data.grids).toHaveLength(8);
    expect((await call(admin, 'town:grids', {})).data.features).toHaveLength(8);
  });

  it('answers a broken file with its faults (and no preview id)', async () => {
    const [people] = sampleFiles(['people.xlsx']);
    const broken = Buffer.from(people!.bytes);
    const id = await upload(admin, 'people.xlsx', broken.subarray(0, 1000));
    const preview = await call(admin, 'town:importPreview', { uploadIds: [id] });
    expect(preview).toMatchObject({ ok: true, data: { previewId: null, faultsTotal: 1 } });
    expect(preview.data.faults[0].reason).toContain('已损坏');
  });

  it('refuses anyone but an administrator', async () => {
    const ids: string[] = [];
    for (const f of sampleFiles()) ids.push(await upload(admin, f.fileName, f.bytes));
    const p = (await call(admin, 'town:importPreview', { uploadIds: ids })).data as ImportPreview;
    await call(admin, 'town:importApply', { previewId: p.previewId });
    const officer = (await call(admin, 'town:importApply', { previewId: p.previewId })).ok;
    expect(officer).toBe(false);
    const applied = [...t.core.town.people.values()].find((x) => x.username === 'chensiyuan')!;
    const session: Session = { actor: { id: applied.id, roles: applied.roles } };
    for (const [channel, request] of [
      ['town:importTemplate', { kind: 'people' }],
      ['town:importUpload', { uploadId: randomUUID(), fileName: 'a.xlsx', totalBytes: 4, offset: 0, dataBase64: 'AAAA' }],
      ['town:importPreview', { uploadIds: [randomUUID()] }],
      ['town:importApply', { previewId: randomUUID() }],
    ] as const) {
      expect(await call(session, channel, request), channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await call({ actor: null }, 'town:importTemplate', { kind: 'people' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('bounds the sizes: a chunk, a file, the order of the chunks, a preview of an unfinished upload', async () => {
    const tables = await townTables(t.core);
    const uploadId = randomUUID();
    const base = { uploadId, fileName: 'people.xlsx', totalBytes: 300_000 };
    // A chunk over 128 KiB of base64, a file over 20 MB: refused at the door.
    const big = Buffer.alloc(IMPORT_CHUNK_BYTES + 3).toString('base64');
    expect(await call(admin, 'town:importUpload', { ...base, offset: 0, dataBase64: big })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await call(admin, 'town:importUpload', { ...base, totalBytes: IMPORT_MAX_FILE_BYTES + 1, offset: 0, dataBase64: 'AAAA' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    // Chunks come in order; a file never grows past its size.
    expect(await call(admin, 'town:importUpload', { ...base, offset: 3, dataBase64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call(admin, 'town:importUpload', { ...base, offset: 0, dataBase64: 'AAAA' })).toMatchObject({ ok: true, data: { receivedBytes: 3 } });
    expect(await call(admin, 'town:importUpload', { ...base, offset: 0, dataBase64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call(admin, 'town:importUpload', { ...base, totalBytes: 4, offset: 3, dataBase64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const small = { uploadId: randomUUID(), fileName: 'posts.xlsx', totalBytes: 4 };
    expect(await call(admin, 'town:importUpload', { ...small, offset: 0, dataBase64: 'AAAA' })).toMatchObject({ ok: true, data: { receivedBytes: 3 } });
    expect(await call(admin, 'town:importUpload', { ...small, offset: 3, dataBase64: 'AAAA' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call(admin, 'town:importPreview', { uploadIds: [uploadId] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call(admin, 'town:importPreview', { uploadIds: [] })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await townTables(t.core)).toBe(tables);
  });

  it('gives each template as a file with Chinese headings and an example row', async () => {
    const r = await call(admin, 'town:importTemplate', { kind: 'catalogue' });
    expect(r.data).toMatchObject({ fileName: 'catalogue.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(r.data.dataBase64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['分类', '事项', '填写说明']);
    const items = wb.getWorksheet('事项')!;
    expect((items.getRow(1).values as unknown[]).slice(1)).toEqual([
      '事项编号',
      '事项名称',
      '分类编号',
      '牵头岗位编号',
      '协办岗位编号',
      '默认等级',
      '受理时限',
      '签收时限',
      '到场时限',
      '办结时限',
      '处置标准',
      '答复模板',
      '感知类型',
      '是否启用',
    ]);
    expect(items.getCell('A2').value).toBe('示例-AQ-001');
    expect(items.getCell('G2').value).toBe('5分钟');
    const shapes = await call(admin, 'town:importTemplate', { kind: 'shapes' });
    expect(shapes.data.fileName).toBe('grids.geojson');
    expect(JSON.parse(Buffer.from(shapes.data.dataBase64, 'base64').toString('utf8')).features[0].geometry.type).toBe('Polygon');
  });
});
