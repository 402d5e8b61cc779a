/**
 * A broken upload is refused whole: every fault is listed with its file, sheet, row, column (a
 * letter) and a reason in Chinese that says what to do — not only the first — and nothing is saved.
 * One test per kind the issue names: a missing post, an A holder who is not a person, a duplicate
 * code, a limit that is not a duration, a shape that is not a polygon, a zip bomb (declared, and a
 * zip directory that lies), a file over the size bound, merged cells and formulas.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMPORT_MAX_FILE_BYTES, type ImportFault, type ImportPreview } from '../../preload/contract/town-import-schemas';
import type { UploadFile } from '../../main/core/town/import/parse';
import { filesOf, sampleFiles } from '../support/sample-town';
import { editedWorkbook, importCore, sampleData, townTables, type ImportCore } from './import-support';

let t: ImportCore;
let before: string;
beforeEach(async () => {
  t = await importCore();
  before = await townTables(t.core);
});
afterEach(async () => {
  // Whatever was refused, nothing of it was saved.
  expect(await townTables(t.core)).toBe(before);
  await t.close();
});

async function refused(files: UploadFile[]): Promise<ImportPreview> {
  const preview = await t.importer.preview(t.admin, files);
  expect(preview.previewId).toBeNull();
  expect(preview.faults.length).toBeGreaterThan(0);
  expect(preview.faultsTotal).toBe(preview.faults.length);
  for (const f of preview.faults) expect(f.reason).toMatch(/[\u4e00-\u9fa5]/);
  return preview;
}

const fault = (preview: ImportPreview, match: Partial<ImportFault>): ImportFault => {
  const found = preview.faults.find((f) => Object.entries(match).every(([k, v]) => f[k as keyof ImportFault] === v));
  expect(found, `${JSON.stringify(match)} in ${JSON.stringify(preview.faults, null, 1)}`).toBeDefined();
  return found!;
};

/** A zip of the given parts; `declared` overrides a part's uncompressed size in both of its headers (a lying directory). */
function zip(parts: { name: string; data: Buffer; declared?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const data = deflateRawSync(p.data);
    const size = p.declared ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(p.data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(p.data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('each refusal names its cell, and nothing is saved', () => {
  it('a missing post: a catalogue item led by a post that does not exist', async () => {
    const data = await sampleData();
    const row = data.sheets['事项']!.findIndex((r) => r[1] === '燃气泄漏');
    data.sheets['事项']![row]![3] = 'BL-XF';
    const preview = await refused(await filesOf(data));
    const f = fault(preview, { sheet: '事项', row: row + 2, column: 'D' });
    expect(f).toMatchObject({ file: 'catalogue.xlsx', value: 'BL-XF' });
    expect(f.reason).toContain('“BL-XF”不是岗位');
  });

  it('an A holder who is not a person', async () => {
    const data = await sampleData();
    const row = data.sheets['岗位']!.findIndex((r) => r[0] === 'BL-YJ');
    data.sheets['岗位']![row]![5] = 'BL099';
    const preview = await refused(await filesOf(data));
    expect(fault(preview, { file: 'posts.xlsx', sheet: '岗位', row: row + 2, column: 'F' }).reason).toMatch(/^A岗人员“BL099”不是人员/);
  });

  it('a duplicate code (the later row is named, with the earlier one)', async () => {
    const data = await sampleData();
    data.sheets['人员']![5]![0] = 'BL003';
    const preview = await refused(await filesOf(data));
    const f = fault(preview, { file: 'people.xlsx', sheet: '人员', row: 7, column: 'A' });
    expect(f.reason).toBe('人员编号“BL003”重复：第 4 行已有。每个人员编号只能出现一次。');
  });

  it('a limit that is not a duration (no unit, a calendar day, not a number)', async () => {
    const data = await sampleData();
    data.sheets['事项']![0]![6] = '30';
    data.sheets['事项']![1]![9] = '3天';
    data.sheets['事项']![2]![8] = '尽快';
    const preview = await refused(await filesOf(data));
    expect(fault(preview, { sheet: '事项', row: 2, column: 'G' }).reason).toContain('没有单位，不是时长');
    expect(fault(preview, { sheet: '事项', row: 3, column: 'J' }).reason).toContain('是自然日');
    expect(fault(preview, { sheet: '事项', row: 4, column: 'I' }).reason).toContain('“尽快”不是时长');
    expect(preview.faults).toHaveLength(3);
  });

  it('a shape that is not a polygon (a point; a ring that is not closed; a projected coordinate)', async () => {
    const data = await sampleData();
    data.shapes.features[2]!.geometry = { type: 'Point', coordinates: [120.18, 29.93] };
    const ring = (data.shapes.features[3]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    ring[ring.length - 1] = [ring[0]![0]! + 0.001, ring[0]![1]!];
    (data.shapes.features[4]!.geometry as { coordinates: number[][][] }).coordinates[0]![1] = [40512345.6, 3312345.7];
    const preview = await refused(await filesOf(data, ['villages-grids.xlsx', 'grids.geojson']));
    expect(fault(preview, { file: 'grids.geojson', sheet: 'GeoJSON', row: 3, column: 'geometry.type' }).reason).toBe(
      '第 3 个要素（BL-G03）的图形是 Point，不是多边形（Polygon 或 MultiPolygon）。',
    );
    expect(fault(preview, { row: 4 }).reason).toContain('没有闭合');
    expect(fault(preview, { row: 5 }).reason).toContain('不是经纬度（WGS 84）');
    // The grids whose shapes were refused have none to import, and say so at their row.
    expect(fault(preview, { file: 'villages-grids.xlsx', sheet: '网格', row: 4, column: 'A' }).reason).toContain('没有图形');
  });

  it('a zip bomb: a workbook that unpacks to more than the bound is refused before anything inflates it', async () => {
    const bomb = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(40 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const preview = await refused([{ fileName: 'people.xlsx', bytes: bomb }]);
    expect(preview.faults).toEqual([{ file: 'people.xlsx', sheet: null, row: null, column: null, value: null, reason: expect.stringContaining('疑似压缩炸弹') }]);
  });

  it('a zip bomb whose directory lies about its sizes is caught at the declared size', async () => {
    const liar = zip([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20), declared: 1000 },
    ]);
    const preview = await refused([{ fileName: 'people.xlsx', bytes: liar }]);
    expect(preview.faults[0]!.reason).toBe('文件中的部件「xl/worksheets/sheet1.xml」解压后超过它声明的大小，不予读取（压缩炸弹）。');
  });

  it('a file over the size bound is refused unread (the renderer refuses it before sending, too)', async () => {
    const big = Buffer.alloc(IMPORT_MAX_FILE_BYTES + 1, 0x20);
    big.write('PK\u0003\u0004', 0, 'latin1');
    const preview = await refused([{ fileName: 'catalogue.xlsx', bytes: big }, ...sampleFiles(['people.xlsx'])]);
    expect(preview.faults).toEqual([
      { file: 'catalogue.xlsx', sheet: null, row: null, column: null, value: null, reason: '文件有 20.0 MB，超过上限 20 MB，未读取：请只保留需要导入的内容。' },
    ]);
  });

  it('merged cells', async () => {
    const [people] = sampleFiles(['people.xlsx']);
    const broken = await editedWorkbook(people!, (wb) => wb.getWorksheet('人员')!.mergeCells('E3:F3'));
    const preview = await refused([broken]);
    expect(fault(preview, { sheet: '人员', row: 3, column: 'E' }).reason).toBe('合并单元格 E3:F3：每个单元格只填一项，请取消合并后再导入。');
  });

  it('formulas are refused, never evaluated', async () => {
    const [people] = sampleFiles(['people.xlsx']);
    const broken = await editedWorkbook(people!, (wb) => {
      const ws = wb.getWorksheet('人员')!;
      ws.getCell('C5').value = { formula: 'CONCAT("139","00001111")', result: '13900001111' };
      ws.getCell('H9').value = { formula: 'HYPERLINK("http://example.invalid","x")', result: 'x' };
    });
    const preview = await refused([broken]);
    expect(fault(preview, { sheet: '人员', row: 5, column: 'C' })).toMatchObject({ value: '=CONCAT("139","00001111")', reason: expect.stringContaining('公式不予计算') });
    // Also outside the columns that are read.
    expect(fault(preview, { sheet: '人员', row: 9, column: 'H' }).reason).toContain('公式');
  });

  it('every fault of an upload is listed, not only the first', async () => {
    const data = await sampleData();
    data.sheets['人员']![5]![0] = 'BL003'; // duplicate
    data.sheets['人员']![6]![3] = '保安'; // no such role
    data.sheets['岗位']![0]![5] = 'BL098'; // A holder who is not a person
    data.sheets['事项']![0]![6] = '五分钟'; // not a duration
    data.sheets['网格']![0]![2] = '330110108999'; // no such village
    const preview = await refused(await filesOf(data));
    expect(preview.faults.map((f) => `${f.sheet}!${f.column}${f.row}`)).toEqual(expect.arrayContaining(['人员!A7', '人员!D8', '岗位!F2', '事项!G2', '网格!C2']));
  });

  it('a template left with its example row, a cell with a control character, an unknown file', async () => {
    const template = await t.importer.template(t.admin, 'accounts');
    const [people] = sampleFiles(['people.xlsx']);
    const control = await editedWorkbook(people!, (wb) => {
      // How Excel writes a control character into the file (_xHHHH_): a bell pasted into a name.
      wb.getWorksheet('人员')!.getCell('B6').value = '陈_x0007_晓';
    });
    const preview = await refused([
      { fileName: 'accounts-template.xlsx', bytes: Buffer.from(template.dataBase64, 'base64') },
      control,
      { fileName: 'notes.txt', bytes: Buffer.from('hello') },
    ]);
    expect(fault(preview, { file: 'accounts-template.xlsx', sheet: '账号', row: 2, column: 'A' }).reason).toContain('这是模板的示例行');
    expect(fault(preview, { file: 'people.xlsx', sheet: '人员', row: 6, column: 'B' }).reason).toContain('控制字符');
    expect(fault(preview, { file: 'notes.txt' }).reason).toContain('不认识的文件');
  });

  it('two files with the same sheet: the second is named', async () => {
    const preview = await refused([...sampleFiles(['people.xlsx']), { ...sampleFiles(['people.xlsx'])[0]!, fileName: 'people (2).xlsx' }]);
    expect(preview.faults).toEqual([
      { file: 'people (2).xlsx', sheet: '人员', row: null, column: null, value: null, reason: '工作表“人员”在两个文件中都有（另一个是 people.xlsx）：请只选其中一个。' },
    ]);
  });

  it('deactivating a post that catalogue items still name is refused at the posts sheet', async () => {
    const first = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, first.previewId!);
    before = await townTables(t.core);
    const data = await sampleData();
    data.sheets['岗位'] = data.sheets['岗位']!.filter((r) => r[0] !== 'BL-HW');
    const preview = await refused(await filesOf(data, ['posts.xlsx']));
    expect(fault(preview, { file: 'posts.xlsx', sheet: '岗位', row: null }).reason).toMatch(/^岗位 BL-HW（环境卫生岗）不在表中，将被停用；但事项 BL-HJ-00\d（.+）仍由它牵头/);
  });

  it('the administrator importing cannot deactivate herself or take away her own admin role', async () => {
    const data = await sampleData();
    data.sheets['人员']!.find((r) => r[0] === 'BL001')![3] = '值班员';
    let preview = await refused(await filesOf(data));
    expect(fault(preview, { sheet: '人员', row: 2, column: 'D' }).reason).toContain('正在导入的管理员本人');
    data.sheets['人员']!.find((r) => r[0] === 'BL001')![3] = '管理员';
    data.sheets['人员']!.find((r) => r[0] === 'BL001')![5] = '否';
    preview = await refused(await filesOf(data));
    expect(fault(preview, { sheet: '人员', row: 2, column: 'F' }).reason).toContain('正在导入的管理员本人');
  });
});

describe('who may import', () => {
  it('only an administrator', async () => {
    const preview = await t.importer.preview(t.admin, sampleFiles());
    await t.importer.apply(t.admin, preview.previewId!);
    before = await townTables(t.core);
    const officer = [...t.core.town.people.values()].find((p) => p.roles.includes('officer'))!;
    const actor = { id: officer.id, roles: officer.roles };
    await expect(t.importer.preview(actor, sampleFiles())).rejects.toMatchObject({ code: 'forbidden' });
    await expect(t.importer.template(actor, 'people')).rejects.toMatchObject({ code: 'forbidden' });
  });
});
