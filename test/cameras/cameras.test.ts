/**
 * The camera register (main/core/town/cameras) on the sample town 白鹭镇: an administrator adds, edits,
 * disables a camera (one kernel command each, audited without credentials, sent as a `camera` upsert);
 * the refusals change nothing; the camera workbook imports the sample town's cameras, and a broken
 * workbook is refused cell by cell with nothing changed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/app-core';
import { cameraEntityId } from '../../main/core/town/cameras/camera-sync';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import type { AddCameraRequest } from '../../preload/contract/camera-schemas';
import { refusedWith } from '../support/refused';
import { SAMPLE_DIR } from '../support/sample-town';
import { sampleTown, sampleTownCore } from '../support/sample-town-core';

let dir: string;
let core: Core;
let admin: Actor;
let officer: Actor;
const clock = new ManualClock('2026-11-23T01:00:00.000Z');

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dd-cameras-'));
  core = await sampleTownCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, backupIntervalMs: 0, startSync: false });
  ({ admin, officer } = sampleTown(core));
});
afterEach(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});

const camera = (over: Partial<AddCameraRequest> = {}): AddCameraRequest => ({
  code: 'T-CAM1',
  name: '测试摄像头',
  lng: 120.17,
  lat: 29.93,
  gridCode: 'BL-G01',
  hlsUrl: 'https://viewer:pw123@video.example/live/t1.m3u8?token=tk999',
  flvUrl: null,
  whepUrl: null,
  snapshotUrl: null,
  ...over,
});
const rows = (sql: string, params: unknown[] = []) => core.db.read((q) => q.all<Record<string, unknown>>(sql, params));
const everything = async () => ({
  cameras: await rows('SELECT * FROM camera ORDER BY code'),
  audit: (await rows(`SELECT count(*) AS n FROM audit_log WHERE entity = 'camera'`))[0],
  outbox: (await rows(`SELECT count(*) AS n FROM outbox WHERE entity = 'camera'`))[0],
});

describe('the camera register', () => {
  it('adds, edits and disables a camera: audited without credentials, each sent as a camera upsert', async () => {
    await core.cameras.add(admin, camera());
    await core.cameras.edit(admin, camera({ name: '白鹭桥西', flvUrl: 'https://video.example/flv/t1.flv' }));
    await core.cameras.setEnabled(admin, 'T-CAM1', false);
    const list = await core.cameras.list(admin);
    expect(list).toEqual([
      expect.objectContaining({ code: 'T-CAM1', name: '白鹭桥西', gridCode: 'BL-G01', gridName: '白鹭社区第一网格', enabled: false, flvUrl: 'https://video.example/flv/t1.flv' }),
    ]);
    // The address is stored as given (a later part plays it) …
    expect(list[0]!.hlsUrl).toBe('https://viewer:pw123@video.example/live/t1.m3u8?token=tk999');
    // … but the audit never holds the credentials.
    const audit = await rows(`SELECT action, detail FROM audit_log WHERE entity = 'camera' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['camera.add', 'camera.edit', 'camera.disable']);
    const detail = audit.map((a) => String(a.detail)).join('\n');
    expect(detail).not.toContain('pw123');
    expect(detail).not.toContain('tk999');
    expect(detail).toContain('token=***');
    const ops = await rows(`SELECT entity_id, kind, payload FROM outbox WHERE entity = 'camera' ORDER BY seq`);
    expect(ops).toHaveLength(3);
    expect(ops.every((o) => o.entity_id === cameraEntityId('T-CAM1') && o.kind === 'upsert')).toBe(true);
    expect(JSON.parse(String(ops[2]!.payload))).toMatchObject({ code: 'T-CAM1', name: '白鹭桥西', enabled: false, lng: 120.17, lat: 29.93 });
  });

  it('refuses what a camera cannot be, naming the field, and changes nothing', async () => {
    await core.cameras.add(admin, camera());
    const before = await everything();
    const refused = async (req: AddCameraRequest, code: string) => (await refusedWith(core.cameras.add(admin, req), code)).params;
    expect(await refused(camera({ code: 't-cam1' }), 'duplicate_code')).toMatchObject({ code: 't-cam1' });
    expect(await refused(camera({ code: 'T-CAM2', lng: 29.93, lat: 120.17 }), 'invalid')).toMatchObject({ camera: 'lng', reason: 'out_of_range' });
    expect(await refused(camera({ code: 'T-CAM2', lat: 60 }), 'invalid')).toMatchObject({ camera: 'lat' });
    expect(await refused(camera({ code: 'T-CAM2', hlsUrl: null, flvUrl: '  ' }), 'invalid')).toMatchObject({ camera: 'stream', reason: 'no_stream' });
    expect(await refused(camera({ code: 'T-CAM2', hlsUrl: 'https://v.example/a.flv' }), 'invalid')).toMatchObject({ camera: 'hlsUrl', reason: 'not_m3u8' });
    expect(await refused(camera({ code: 'T-CAM2', flvUrl: 'rtmp://v.example/live/a' }), 'invalid')).toMatchObject({ camera: 'flvUrl', reason: 'not_http' });
    expect(await refused(camera({ code: 'T-CAM2', gridCode: 'NOPE' }), 'unknown_grid')).toMatchObject({ code: 'NOPE' });
    await refusedWith(core.cameras.add(officer, camera({ code: 'T-CAM3' })), 'forbidden');
    await refusedWith(core.cameras.edit(admin, camera({ code: 'NO-SUCH' })), 'not_found');
    expect(await everything()).toEqual(before);
  });

  it('imports the sample town’s camera workbook, and again without changes', async () => {
    const bytes = readFileSync(path.join(SAMPLE_DIR, 'cameras.xlsx'));
    const first = await core.cameras.importWorkbook(admin, 'cameras.xlsx', bytes);
    expect(first).toEqual({ faults: [], added: 6, changed: 0, unchanged: 0 });
    const list = await core.cameras.list(admin);
    expect(list.map((c) => c.code)).toEqual(['BL-CAM01', 'BL-CAM02', 'BL-CAM03', 'BL-CAM04', 'BL-CAM05', 'BL-CAM06']);
    expect(list.find((c) => c.code === 'BL-CAM06')!.enabled).toBe(false);
    expect(list.find((c) => c.code === 'BL-CAM03')).toMatchObject({ hlsUrl: null, flvUrl: 'https://video.bailu.example/flv/cam03.flv' });
    expect(await core.cameras.importWorkbook(admin, 'cameras.xlsx', bytes)).toEqual({ faults: [], added: 0, changed: 0, unchanged: 6 });
    const audit = await rows(`SELECT detail FROM audit_log WHERE entity = 'camera'`);
    expect(audit.map((a) => String(a.detail)).join('\n')).not.toContain('cam05-pass');
  });
});

async function workbook(rowsOf: (string | number)[][], sheetName = '摄像头'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(['摄像头编号', '名称', '经度', '纬度', '所在网格编号', 'HLS地址', 'FLV地址', 'WebRTC地址', '截图地址', '是否启用']);
  for (const r of rowsOf) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('the camera workbook’s refusals', () => {
  const good = ['C-1', '好摄像头', 120.17, 29.93, 'BL-G01', 'https://v.example/a.m3u8', '', '', '', '是'];
  it('names each bad cell by sheet, row and column, and imports nothing', async () => {
    const before = await everything();
    const bytes = await workbook([
      good,
      ['C-2', '经纬度填反', 29.93, 120.17, 'BL-G02', 'https://v.example/b.m3u8', '', '', '', ''],
      ['C-3', '没有地址', 120.17, 29.93, 'BL-G02', '', '', '', '', ''],
      ['C-4', '网格不存在', 120.17, 29.93, 'XX-G99', 'https://v.example/d.m3u8', '', '', '', ''],
      ['c-1', '编号重复', 120.17, 29.93, 'BL-G01', 'https://v.example/e.m3u8', '', '', '', ''],
      ['C-6', '不是 HLS', 120.17, 29.93, 'BL-G01', 'https://v.example/f.flv', 'ftp://v.example/f', '', '', '也许'],
    ]);
    const r = await core.cameras.importWorkbook(admin, '摄像头.xlsx', bytes);
    const at = r.faults.map((f) => `${f.sheet}!${f.column}${f.row}`);
    // Cells first (each column's check), then what needs the town or other rows.
    expect(at).toEqual(['摄像头!C3', '摄像头!D3', '摄像头!F7', '摄像头!G7', '摄像头!J7']);
    expect(r.faults[0]!.reason).toContain('经度');
    expect(r.faults[1]!.reason).toContain('不要填反');
    expect(r.faults[2]!.reason).toContain('.m3u8');
    expect(r.faults[3]!.reason).toContain('http');
    expect(r).toMatchObject({ added: 0, changed: 0, unchanged: 0 });
    expect(await everything()).toEqual(before);

    // With the cells right, the checks across rows and the town name their cells too.
    const second = await core.cameras.importWorkbook(
      admin,
      '摄像头.xlsx',
      await workbook([
        good,
        ['C-3', '没有地址', 120.17, 29.93, 'BL-G02', '', '', '', '', ''],
        ['C-4', '网格不存在', 120.17, 29.93, 'XX-G99', 'https://v.example/d.m3u8', '', '', '', ''],
        ['c-1', '编号重复', 120.17, 29.93, 'BL-G01', 'https://v.example/e.m3u8', '', '', '', ''],
      ]),
    );
    expect(second.faults.map((f) => `${f.column}${f.row}: ${f.reason}`)).toEqual([
      expect.stringMatching(/^F3: 没有可播放的地址/),
      expect.stringMatching(/^E4: 本镇没有编号为“XX-G99”的网格/),
      expect.stringMatching(/^A5: 摄像头编号“c-1”与第 2 行重复/),
    ]);
    expect(await everything()).toEqual(before);
  });

  it('refuses a file that is not a workbook, or has no 摄像头 sheet, or a formula', async () => {
    const before = await everything();
    const broken = await core.cameras.importWorkbook(admin, 'x.xlsx', Buffer.from('not a zip at all'));
    expect(broken.faults).toHaveLength(1);
    expect(broken.faults[0]).toMatchObject({ file: 'x.xlsx', sheet: null });
    const wrong = await core.cameras.importWorkbook(admin, 'y.xlsx', await workbook([good], '设备'));
    expect(wrong.faults[0]!.reason).toContain('没有名为“摄像头”的工作表');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('摄像头');
    ws.addRow(['摄像头编号', '名称', '经度', '纬度', '所在网格编号', 'HLS地址']);
    ws.addRow(['C-9', '公式', { formula: '100+20' }, 29.93, 'BL-G01', 'https://v.example/a.m3u8']);
    const formula = await core.cameras.importWorkbook(admin, 'z.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(formula.faults.map((f) => `${f.sheet}!${f.column}${f.row}`)).toEqual(['摄像头!C2']);
    expect(formula.faults[0]!.reason).toContain('公式');
    expect(await everything()).toEqual(before);
  });
});
