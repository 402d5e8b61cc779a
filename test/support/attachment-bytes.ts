/**
 * Real files for the attachment tests: a PNG drawn here (a photo stand-in: sky, hill and a red mark,
 * so a thumbnail is something to look at), a JPEG head, a PDF, an .xlsx written by exceljs, and the
 * executables a person might rename to .jpg.
 */
import { deflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';

function crc32(b: Buffer): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A w×h RGB PNG: a sky, a green hill, a red square where the `seed` puts it. */
export function photoPng(w = 160, h = 120, seed = 1): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) {
      const hill = y > h * 0.6 + Math.sin((x + seed * 17) / 18) * h * 0.12;
      const mark = Math.abs(x - ((seed * 37) % w)) < w / 10 && Math.abs(y - h / 3) < h / 10;
      const [r, g, b] = mark ? [210, 40, 40] : hill ? [60, 140 + ((x * seed) % 40), 70] : [120 + (y % 30), 170 + (y % 40), 230];
      row[1 + x * 3] = r;
      row[2 + x * 3] = g;
      row[3 + x * 3] = b;
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const JPEG_HEAD = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0', 'latin1'), Buffer.alloc(200, 7)]);
export const PDF_FILE = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
export const TEXT_FILE = Buffer.from('现场情况：井盖缺失，已设置围挡。\n联系人：张三\n', 'utf8');

/** A Windows program (the MZ header and a PE stub), an ELF, a Mach-O and a shell script. */
export const EXE_FILE = Buffer.concat([
  Buffer.from('MZ', 'latin1'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0', 'latin1'),
  Buffer.alloc(100, 1),
]);
export const ELF_FILE = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(120, 3)]);
export const MACHO_FILE = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(120, 5)]);
export const SCRIPT_FILE = Buffer.from('#!/bin/sh\nrm -rf ~\n', 'utf8');
/** Bytes no table knows: not text (a NUL), no known head. */
export const UNKNOWN_FILE = Buffer.from([0x13, 0x37, 0x00, 0x42, 0x99, 0x00, 0xfe, 0x01, 0x02, 0x03]);
/** A ZIP head with no [Content_Types].xml (a .jar, a plain .zip): unknown. */
export const PLAIN_ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60, 0)]);

/** A real .xlsx (Office Open XML), written by exceljs. */
export async function xlsxFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('现场清单').addRow(['物资', '数量']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
