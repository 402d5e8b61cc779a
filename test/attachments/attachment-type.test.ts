/**
 * What an attachment is, by its bytes (main/core/events/attachment-type.ts): the allow-list, the
 * programs refused by name, Office documents told apart by their ZIP's entries (a macro document
 * refused), text that is not UTF-8 or holds control characters refused as unknown, and the name kept
 * with the type's extension.
 */
import { describe, expect, it } from 'vitest';
import { keptName, sniffAttachment, zipEntryNames } from '../../main/core/events/attachment-type';
import { ELF_FILE, EXE_FILE, JPEG_HEAD, MACHO_FILE, PDF_FILE, photoPng, PLAIN_ZIP, SCRIPT_FILE, TEXT_FILE, UNKNOWN_FILE, xlsxFile } from '../support/attachment-bytes';

/** A stored (uncompressed) ZIP of these entries: enough for the central directory the sniffer reads. */
function zip(names: readonly string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    locals.push(local, n);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const mimeOf = (b: Buffer) => {
  const s = sniffAttachment(b);
  return s.ok ? s.type.mime : s.executable ? `refused: ${s.executable}` : 'unknown';
};

describe('the type of an attachment, by its bytes', () => {
  it('accepts the allow-list', async () => {
    expect(mimeOf(photoPng(8, 8))).toBe('image/png');
    expect(mimeOf(JPEG_HEAD)).toBe('image/jpeg');
    expect(mimeOf(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('image/gif');
    expect(mimeOf(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(mimeOf(PDF_FILE)).toBe('application/pdf');
    expect(mimeOf(TEXT_FILE)).toBe('text/plain; charset=utf-8');
    expect(mimeOf(await xlsxFile())).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(mimeOf(zip(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']))).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(mimeOf(zip(['[Content_Types].xml', 'ppt/presentation.xml']))).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
  });

  it('refuses programs and scripts by name, and a document with macros', () => {
    expect(mimeOf(EXE_FILE)).toBe('refused: Windows 程序（EXE/DLL）');
    expect(mimeOf(ELF_FILE)).toBe('refused: Linux 程序（ELF）');
    expect(mimeOf(MACHO_FILE)).toBe('refused: macOS 程序（Mach-O）');
    expect(mimeOf(SCRIPT_FILE)).toBe('refused: 脚本');
    expect(mimeOf(zip(['[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin']))).toBe('refused: 含宏的 Office 文档');
  });

  it('anything else is unknown: other bytes, a ZIP that is no Office document, text not UTF-8 or with control characters', () => {
    expect(mimeOf(UNKNOWN_FILE)).toBe('unknown');
    expect(mimeOf(PLAIN_ZIP)).toBe('unknown');
    expect(mimeOf(zip(['classes/Main.class', 'META-INF/MANIFEST.MF']))).toBe('unknown');
    expect(mimeOf(zip(['[Content_Types].xml', 'other/part.xml']))).toBe('unknown');
    expect(mimeOf(Buffer.from([0xc4, 0xe3, 0xba, 0xc3]))).toBe('unknown'); // GBK, not UTF-8
    expect(mimeOf(Buffer.from('text\u0007bell', 'utf8'))).toBe('unknown');
  });

  it('reads a ZIP’s entry names from its central directory', () => {
    expect(zipEntryNames(zip(['a.txt', '目录/b.xml']))).toEqual(['a.txt', '目录/b.xml']);
    expect(zipEntryNames(PLAIN_ZIP)).toBeNull();
  });

  it('keeps the name, with the type’s extension when the name says something else', () => {
    const png = { mime: 'image/png', ext: 'png', image: true };
    const jpg = { mime: 'image/jpeg', ext: 'jpg', image: true };
    const txt = { mime: 'text/plain; charset=utf-8', ext: 'txt', image: false };
    expect(keptName('现场.png', png)).toBe('现场.png');
    expect(keptName('现场.JPG', png)).toBe('现场.JPG.png');
    expect(keptName('现场.jpeg', jpg)).toBe('现场.jpeg');
    expect(keptName('run.bat', txt)).toBe('run.bat.txt');
    expect(keptName('记录.csv', txt)).toBe('记录.csv');
    expect(keptName('../../etc/passwd', txt)).toBe('.._.._etc_passwd.txt');
    expect(keptName('   ', png)).toBe('附件.png');
  });
});
