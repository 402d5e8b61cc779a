/**
 * An upload's files, read: each recognised as a workbook (by its sheets' names) or a GeoJSON file,
 * its size checked before anything reads it, and every fault kept with its place.
 */
import { createHash } from 'node:crypto';
import { IMPORT_MAX_FILE_BYTES, IMPORT_MAX_FILES, type ImportFileSummary, type ImportKind } from '../../../../preload/contract/town-import-schemas';
import { readShapes, type Shape } from './geojson';
import { Faults, readWorkbook, type ReadSheet } from './workbook';

export interface UploadFile {
  readonly fileName: string;
  readonly bytes: Buffer;
}

export interface ParsedUpload {
  readonly files: ImportFileSummary[];
  /** file name → its SHA-256 (what the audit names). */
  readonly digests: Record<string, string>;
  readonly faults: Faults;
  /** sheet name (人员, 账号, 岗位, 村社区, 网格, 分类, 事项) → its rows. */
  readonly sheets: Map<string, ReadSheet>;
  readonly shapes: { readonly file: string; readonly shapes: Shape[] } | null;
}

const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);

function looksLikeJson(bytes: Buffer): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const c = bytes[i];
    if (c === 0x7b) return true; // {
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09 && c !== 0xef && c !== 0xbb && c !== 0xbf) return false;
  }
  return false;
}

export async function parseUpload(files: readonly UploadFile[]): Promise<ParsedUpload> {
  const faults = new Faults();
  const sheets = new Map<string, ReadSheet>();
  const summaries: ImportFileSummary[] = [];
  const digests: Record<string, string> = {};
  let shapes: ParsedUpload['shapes'] = null;
  if (files.length > IMPORT_MAX_FILES) faults.add(files[IMPORT_MAX_FILES].fileName, null, null, null, `一次最多导入 ${IMPORT_MAX_FILES} 个文件。`);
  const seen = new Set<string>();
  for (const { fileName, bytes } of files.slice(0, IMPORT_MAX_FILES)) {
    const kinds: ImportKind[] = [];
    summaries.push({ fileName, bytes: bytes.length, kinds });
    if (seen.has(fileName)) {
      faults.add(fileName, null, null, null, `同名文件“${fileName}”选了两次：请只选一次。`);
      continue;
    }
    seen.add(fileName);
    digests[fileName] = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length > IMPORT_MAX_FILE_BYTES) {
      faults.add(fileName, null, null, null, `文件有 ${mb(bytes.length)} MB，超过上限 ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB，未读取：请只保留需要导入的内容。`);
      continue;
    }
    if (bytes.length === 0) {
      faults.add(fileName, null, null, null, '文件是空的。');
      continue;
    }
    if (bytes.readUInt16LE(0) === 0x4b50) {
      const book = await readWorkbook(bytes, fileName, faults);
      kinds.push(...book.kinds);
      for (const sheet of book.sheets) {
        const other = sheets.get(sheet.spec.name);
        if (other) {
          faults.add(fileName, sheet.spec.name, null, null, `工作表“${sheet.spec.name}”在两个文件中都有（另一个是 ${other.file}）：请只选其中一个。`);
          continue;
        }
        sheets.set(sheet.spec.name, sheet);
      }
    } else if (/\.(geo)?json$/i.test(fileName) || looksLikeJson(bytes)) {
      if (shapes) {
        faults.add(fileName, 'GeoJSON', null, null, `选了两个图形文件（另一个是 ${shapes.file}）：请把网格和村社区的图形放在一个 GeoJSON 文件里。`);
        continue;
      }
      const read = readShapes(bytes, fileName, faults);
      if (read) {
        shapes = { file: fileName, shapes: read };
        kinds.push('shapes');
      }
    } else {
      faults.add(fileName, null, null, null, '不认识的文件：请选择 .xlsx 表格（人员、账号、岗位、村社区与网格、事项目录）或 .geojson 图形文件。');
    }
  }
  return { files: summaries, digests, faults, sheets, shapes };
}
