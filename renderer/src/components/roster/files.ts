/** Files of the watch: download a FileResponse (xlsx, pdf), read an upload as base64, word a sheet problem. */
import type { FileResponse, SheetProblem } from '../../../../preload/contract';
import { fill, type Messages } from '../../locales';

/** Saves the bytes main sent as a file (an anchor with `download`, from a blob URL). */
export function downloadFile(file: FileResponse): void {
  const binary = atob(file.dataBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function fileToBase64(file: Blob): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** One spreadsheet problem as a sentence naming its cell. */
export function sheetProblemText(m: Messages, p: SheetProblem): string {
  const template = m.duty.sheetProblems[p.code] ?? m.duty.sheetProblems.other!;
  const text = fill(template, { value: p.value ?? '', expected: p.expected ?? '', message: p.message });
  return p.cell ? fill(m.duty.sheetCell, { cell: p.cell, text }) : text;
}
