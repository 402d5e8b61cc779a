/**
 * What an attachment is, read from its bytes, never from its name (issue #15): a small table of
 * magic numbers for an allow-list, and the executables and scripts that are refused by name.
 *
 * Accepted: JPEG, PNG, GIF, WebP (shown as thumbnails), PDF, plain UTF-8 text, and Office Open XML
 * documents (.docx, .xlsx, .pptx: a ZIP whose entries include `[Content_Types].xml` and the
 * document's part folder; one carrying macros, `vbaProject.bin`, is refused). Everything else is
 * refused: what is recognised as an executable or a script (Windows MZ/PE, ELF, Mach-O, Java class,
 * WebAssembly, a `#!` script, a Windows shortcut, a macro document) says so; anything else is unknown.
 *
 * No library: the well-kept one (file-type) is ESM-only, recognises no plain text and does not tell a
 * macro document from another; an allow-list of a dozen signatures and the ZIP's directory is all this needs.
 */

export interface AttachmentType {
  readonly mime: string;
  /** The extension a file of this type is saved with (the name's own is kept when it agrees). */
  readonly ext: string;
  readonly image: boolean;
}

export type Sniffed = { readonly ok: true; readonly type: AttachmentType } | { readonly ok: false; readonly executable: string | null };

const JPEG: AttachmentType = { mime: 'image/jpeg', ext: 'jpg', image: true };
const PNG: AttachmentType = { mime: 'image/png', ext: 'png', image: true };
const GIF: AttachmentType = { mime: 'image/gif', ext: 'gif', image: true };
const WEBP: AttachmentType = { mime: 'image/webp', ext: 'webp', image: true };
const PDF: AttachmentType = { mime: 'application/pdf', ext: 'pdf', image: false };
const TEXT: AttachmentType = { mime: 'text/plain; charset=utf-8', ext: 'txt', image: false };
const DOCX: AttachmentType = { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx', image: false };
const XLSX: AttachmentType = { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx', image: false };
const PPTX: AttachmentType = { mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', ext: 'pptx', image: false };

/** The MIME types shown as thumbnails (the renderer asks the same of an op from elsewhere). */
export const IMAGE_MIMES: ReadonlySet<string> = new Set([JPEG.mime, PNG.mime, GIF.mime, WEBP.mime]);

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Executables and scripts, by their first bytes: what each is called in the refusal. */
const EXECUTABLES: readonly { sig: readonly number[]; name: string }[] = [
  { sig: ascii('MZ'), name: 'Windows 程序（EXE/DLL）' },
  { sig: [0x7f, 0x45, 0x4c, 0x46], name: 'Linux 程序（ELF）' },
  { sig: [0xfe, 0xed, 0xfa, 0xce], name: 'macOS 程序（Mach-O）' },
  { sig: [0xfe, 0xed, 0xfa, 0xcf], name: 'macOS 程序（Mach-O）' },
  { sig: [0xce, 0xfa, 0xed, 0xfe], name: 'macOS 程序（Mach-O）' },
  { sig: [0xcf, 0xfa, 0xed, 0xfe], name: 'macOS 程序（Mach-O）' },
  { sig: [0xca, 0xfe, 0xba, 0xbe], name: 'macOS 或 Java 程序' },
  { sig: [0x00, 0x61, 0x73, 0x6d], name: 'WebAssembly 程序' },
  { sig: ascii('#!'), name: '脚本' },
  { sig: [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00], name: 'Windows 快捷方式' },
];

/** The entry names of a ZIP, from its central directory (null: not a readable ZIP). */
export function zipEntryNames(b: Uint8Array): string[] | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  // The end of central directory record: within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const names: string[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > b.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > b.length) return null;
    names.push(decoder.decode(b.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function ooxml(b: Uint8Array): Sniffed {
  const names = zipEntryNames(b);
  if (!names || !names.includes('[Content_Types].xml')) return { ok: false, executable: null };
  if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return { ok: false, executable: '含宏的 Office 文档' };
  if (names.some((n) => n.startsWith('word/'))) return { ok: true, type: DOCX };
  if (names.some((n) => n.startsWith('xl/'))) return { ok: true, type: XLSX };
  if (names.some((n) => n.startsWith('ppt/'))) return { ok: true, type: PPTX };
  return { ok: false, executable: null };
}

/** Plain UTF-8 text: decodes strictly, and holds no control character but tab, line breaks and form feed. */
function isPlainText(b: Uint8Array): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}

/** The type of an attachment's bytes, or why it is refused. */
export function sniffAttachment(b: Uint8Array): Sniffed {
  for (const x of EXECUTABLES) if (startsWith(b, x.sig)) return { ok: false, executable: x.name };
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { ok: true, type: JPEG };
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: PNG };
  if (startsWith(b, ascii('GIF87a')) || startsWith(b, ascii('GIF89a'))) return { ok: true, type: GIF };
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return { ok: true, type: WEBP };
  if (startsWith(b, ascii('%PDF-'))) return { ok: true, type: PDF };
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04])) return ooxml(b);
  if (isPlainText(b)) return { ok: true, type: TEXT };
  return { ok: false, executable: null };
}

/**
 * The name an attachment is kept under: the person's, with the type's extension when the name's own
 * says something else (a text file named `run.bat` is kept as `run.bat.txt`, a PNG named `照片.jpg`
 * as `照片.jpg.png`): whoever opens it later opens what it is.
 */
export function keptName(name: string, type: AttachmentType): string {
  const base = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || '附件';
  const ext = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
  const same = ext === type.ext || (type.ext === 'jpg' && ext === 'jpeg') || (type.ext === 'txt' && (ext === 'text' || ext === 'log' || ext === 'csv'));
  return same ? base : `${base}.${type.ext}`;
}

/** What the refusals name as accepted (the Chinese sentence's list). */
export const ACCEPTED_TYPES_ZH = '照片（JPG、PNG、GIF、WebP）、PDF、纯文本（.txt）和 Word/Excel/PowerPoint 文档（.docx、.xlsx、.pptx）';
