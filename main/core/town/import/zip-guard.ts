/**
 * An .xlsx file is a zip. Before exceljs (JSZip) inflates anything, the zip's central directory is
 * read and the file refused when it unpacks to more than the bound or has too many parts; then each
 * part is inflated once with zlib's own output cap set to the size the directory declares, so a zip
 * whose directory lies about its sizes (the classic zip bomb: a few KB that inflate to gigabytes) is
 * caught at its declared size, never inflated past it. Only then does the parser see the bytes.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { IMPORT_MAX_UNPACKED_BYTES } from '../../../../preload/contract/town-import-schemas';

const inflate = promisify(inflateRaw);

/** Parts an .xlsx of a few sheets has (content types, rels, styles, sheets, strings…): well under this. */
const MAX_ENTRIES = 500;

const mb = (n: number): string => `${Math.round(n / 1024 / 1024)} MB`;

/** Why the bytes may not be opened as an .xlsx (in Chinese), or null when they may. */
export async function zipRefusal(bytes: Buffer, maxUnpacked = IMPORT_MAX_UNPACKED_BYTES): Promise<string | null> {
  if (bytes.length < 22 || bytes.readUInt32LE(0) !== 0x04034b50) return '这不是 .xlsx 文件（不是 zip 格式）：请用 Excel 或 WPS 另存为 .xlsx 后再选择。';
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return '这个 .xlsx 文件已损坏（找不到压缩目录）：请重新另存后再选择。';
  const entries = bytes.readUInt16LE(eocd + 10);
  const directorySize = bytes.readUInt32LE(eocd + 12);
  let offset = bytes.readUInt32LE(eocd + 16);
  if (entries === 0xffff || offset === 0xffffffff || directorySize === 0xffffffff) return `文件解压后超过 ${mb(maxUnpacked)}（ZIP64），不予读取：请只保留需要导入的工作表。`;
  if (entries > MAX_ENTRIES) return `文件包含 ${entries} 个压缩部件（上限 ${MAX_ENTRIES}），不像是普通的表格文件，不予读取。`;
  const parts: { name: string; method: number; compressed: number; size: number; local: number }[] = [];
  let declared = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > bytes.length || bytes.readUInt32LE(offset) !== 0x02014b50) return '这个 .xlsx 文件已损坏（压缩目录不完整）：请重新另存后再选择。';
    const method = bytes.readUInt16LE(offset + 10);
    const compressed = bytes.readUInt32LE(offset + 20);
    const size = bytes.readUInt32LE(offset + 24);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const local = bytes.readUInt32LE(offset + 42);
    const name = bytes.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (size === 0xffffffff || compressed === 0xffffffff) return `文件解压后超过 ${mb(maxUnpacked)}，不予读取（疑似压缩炸弹）。`;
    declared += size;
    if (declared > maxUnpacked) return `文件解压后超过 ${mb(maxUnpacked)}，不予读取（疑似压缩炸弹）：正常的表格解压后只有几 MB。`;
    parts.push({ name, method, compressed, size, local });
    offset += 46 + nameLength + bytes.readUInt16LE(offset + 30) + bytes.readUInt16LE(offset + 32);
  }
  // Each part inflates to at most what the directory says: zlib stops at that size (maxOutputLength).
  for (const part of parts) {
    if (part.local + 30 > bytes.length || bytes.readUInt32LE(part.local) !== 0x04034b50) return '这个 .xlsx 文件已损坏（压缩部件缺失）：请重新另存后再选择。';
    const start = part.local + 30 + bytes.readUInt16LE(part.local + 26) + bytes.readUInt16LE(part.local + 28);
    const data = bytes.subarray(start, start + part.compressed);
    if (data.length !== part.compressed) return '这个 .xlsx 文件已损坏（压缩部件不完整）：请重新另存后再选择。';
    if (part.method === 0) {
      if (part.compressed !== part.size) return '这个 .xlsx 文件已损坏（部件大小不符）：请重新另存后再选择。';
      continue;
    }
    if (part.method !== 8) return `这个 .xlsx 文件使用了不支持的压缩方式（${part.method}）：请用 Excel 或 WPS 重新另存。`;
    try {
      const out = await inflate(data, { maxOutputLength: Math.max(1, part.size) });
      if (out.length !== part.size) return `文件中的部件「${part.name.slice(0, 60)}」实际大小与声明不符，不予读取（疑似压缩炸弹）。`;
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        return `文件中的部件「${part.name.slice(0, 60)}」解压后超过它声明的大小，不予读取（压缩炸弹）。`;
      return '这个 .xlsx 文件已损坏（无法解压）：请重新另存后再选择。';
    }
  }
  return null;
}
