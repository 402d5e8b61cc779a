/**
 * The camera workbook (摄像头.xlsx, its 摄像头 sheet): read with the town import's reader
 * (main/core/town/import/workbook.ts — the same zip guard, formula, merged-cell, control-character
 * and heading refusals, each at its sheet, row and column), then each row checked as the
 * administrator's form checks it, each fault at its cell. A separate workbook, not a sheet of the
 * town's: cameras come from the video platform's list, not from the town's people and grids, and
 * change on their own; the town import (a whole-town snapshot) stays as it is.
 */
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { CameraImportFault } from '../../../../preload/contract/camera-schemas';
import { CAMERA_URL_MAX, LAT_RANGE, LNG_RANGE, urlFault, type CameraUrlField } from '../../../../preload/contract/camera-schemas';
import type { SheetSpec } from '../import/sheet-specs';
import { cut, Faults, readSheet, type ReadSheet } from '../import/workbook';
import { zipRefusal } from '../import/zip-guard';
import type { CameraRecord } from './camera-sync';

export const CAMERA_SHEET_NAME = '摄像头';
const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const YES = new Set(['是', '启用', '在用', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '停用', 'n', 'no', 'false', '0']);

const URL_WORDS: Record<CameraUrlField, string> = { hlsUrl: 'HLS地址', flvUrl: 'FLV地址', whepUrl: 'WebRTC地址', snapshotUrl: '截图地址' };

const degrees = (what: string, [lo, hi]: readonly [number, number]) =>
  z.string().transform((v, ctx) => {
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || n < lo || n > hi) {
      ctx.addIssue({ code: 'custom', message: `${what}“${v.slice(0, 20)}”不对：请填 ${lo} 到 ${hi} 之间的小数（WGS 84 坐标，如 120.1234），经度和纬度不要填反。` });
      return z.NEVER;
    }
    return n;
  });

const address = (field: CameraUrlField) =>
  z.string().transform((v, ctx): string | null => {
    if (v === '') return null;
    const fault = urlFault(field, v);
    if (fault === null) return v;
    const why =
      fault === 'too_long'
        ? `太长（最多 ${CAMERA_URL_MAX} 个字符）`
        : fault === 'not_m3u8'
          ? '不是 HLS 地址：HLS 地址应以 .m3u8 结尾'
          : fault === 'not_http'
            ? '只能是 http:// 或 https:// 开头的地址'
            : '不是完整的网址（应以 http:// 或 https:// 开头）';
    ctx.addIssue({ code: 'custom', message: `${URL_WORDS[field]}${why}：请改正，或空着。` });
    return z.NEVER;
  });

const col = (key: string, header: string, required: boolean, example: string, note: string, width = 16) => ({ key, header, required, example, note, width });

/** The 摄像头 sheet: its headings (in any order; other columns are ignored) and each cell's check. */
export const CAMERA_SHEET = {
  kind: 'cameras',
  name: CAMERA_SHEET_NAME,
  columns: [
    col('code', '摄像头编号', true, 'CAM-001', '不能重复（不区分大小写）；再次导入时按编号更新'),
    col('name', '名称', true, '白鹭桥东', ''),
    col('lng', '经度', true, '120.1234', 'WGS 84 经度，73 到 136 之间'),
    col('lat', '纬度', true, '30.1234', 'WGS 84 纬度，3 到 54 之间'),
    col('gridCode', '所在网格编号', true, 'G01', '本镇在用网格的编号'),
    col('hlsUrl', 'HLS地址', false, 'https://video.example/live/cam001.m3u8', 'HLS 与 FLV 至少填一个', 30),
    col('flvUrl', 'FLV地址', false, '', 'HTTP-FLV 地址', 30),
    col('whepUrl', 'WebRTC地址', false, '', 'WebRTC（WHEP）地址，可空着', 30),
    col('snapshotUrl', '截图地址', false, '', '可空着', 30),
    col('enabled', '是否启用', false, '是', '“否”表示停用', 10),
  ],
  row: z.object({
    code: z.string().min(1, '摄像头编号不能为空。').regex(CODE, '摄像头编号只能由字母、数字和 - _ 组成，不能有空格（最多 32 个字符）。'),
    name: z.string().min(1, '名称不能为空。').max(40, '名称太长（最多 40 个字）。'),
    lng: degrees('经度', LNG_RANGE),
    lat: degrees('纬度', LAT_RANGE),
    gridCode: z.string().min(1, '所在网格编号不能为空：请填本镇网格的编号（系统设置 → 网格 中可查）。').max(32, '所在网格编号太长。'),
    hlsUrl: address('hlsUrl'),
    flvUrl: address('flvUrl'),
    whepUrl: address('whepUrl'),
    snapshotUrl: address('snapshotUrl'),
    enabled: z.string().transform((v, ctx) => {
      const t = v.trim().toLowerCase();
      if (t === '' || YES.has(t)) return true;
      if (NO.has(t)) return false;
      ctx.addIssue({ code: 'custom', message: `“${v.slice(0, 20)}”看不懂：请填“是”或“否”（空着算“是”）。` });
      return z.NEVER;
    }),
  }),
};

export interface ReadCameraWorkbook {
  readonly file: string;
  readonly sheet: ReadSheet | null;
  readonly faults: CameraImportFault[];
}

/** Reads the workbook's 摄像头 sheet; every fault at its place. Never throws on bad bytes. */
export async function readCameraWorkbook(bytes: Buffer, file: string): Promise<ReadCameraWorkbook> {
  const faults = new Faults();
  const refusal = await zipRefusal(bytes);
  if (refusal) {
    faults.add(file, null, null, null, refusal);
    return { file, sheet: null, faults: faults.list };
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    faults.add(file, null, null, null, `无法读取这个 .xlsx 文件（${cut(error instanceof Error ? error.message : String(error), 60)}）：请用 Excel 或 WPS 重新另存为 .xlsx。`);
    return { file, sheet: null, faults: faults.list };
  }
  const ws = wb.worksheets.find((w) => w.name.trim() === CAMERA_SHEET_NAME);
  if (!ws) {
    const names = wb.worksheets.map((w) => w.name.trim()).join('、');
    faults.add(file, null, null, null, `没有名为“${CAMERA_SHEET_NAME}”的工作表（现在是：${cut(names || '无', 60)}）：请把摄像头清单放在名为“摄像头”的工作表中。`);
    return { file, sheet: null, faults: faults.list };
  }
  const sheet = readSheet(ws, CAMERA_SHEET as unknown as SheetSpec, file, faults);
  if (sheet && sheet.rows.length === 0 && faults.count === 0) faults.add(file, CAMERA_SHEET_NAME, null, null, '工作表中没有摄像头：请从第 2 行起每行填一个摄像头。');
  return { file, sheet, faults: faults.list };
}

/**
 * The rows as cameras, with what needs more than one cell or the town: a code twice, a grid that is
 * not in use here, a row without an HLS or FLV address. `grids`: grid code → in use.
 */
export function importCameraRows(read: ReadCameraWorkbook, grids: ReadonlyMap<string, boolean>): { cameras: CameraRecord[]; faults: CameraImportFault[] } {
  const faults = new Faults();
  const cameras: CameraRecord[] = [];
  const sheet = read.sheet;
  if (!sheet) return { cameras, faults: read.faults };
  const seen = new Map<string, number>();
  const at = (row: number, key: string, reason: string, value: string | null): void => faults.add(read.file, CAMERA_SHEET_NAME, row, sheet.letters[key] ?? null, reason, value);
  for (const r of sheet.rows.filter((x) => x.ok)) {
    const v = r.values as z.output<typeof CAMERA_SHEET.row>;
    const first = seen.get(v.code.toUpperCase());
    if (first !== undefined) {
      at(r.row, 'code', `摄像头编号“${v.code}”与第 ${first} 行重复（不区分大小写）：每个摄像头一个编号，请改掉其中一个。`, v.code);
      continue;
    }
    seen.set(v.code.toUpperCase(), r.row);
    const inUse = grids.get(v.gridCode);
    if (inUse === undefined) at(r.row, 'gridCode', `本镇没有编号为“${v.gridCode}”的网格：请填 系统设置 → 网格 中已有的网格编号。`, v.gridCode);
    else if (!inUse) at(r.row, 'gridCode', `网格“${v.gridCode}”已停用：请填在用的网格，或先在 系统设置 → 网格 中启用它。`, v.gridCode);
    if (!v.hlsUrl && !v.flvUrl) at(r.row, 'hlsUrl', '没有可播放的地址：HLS地址（.m3u8）和 FLV地址至少填一个。', null);
    cameras.push({ ...v });
  }
  return { cameras, faults: faults.list };
}
