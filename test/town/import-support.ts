/**
 * A console for the import's tests: an empty data folder, set up as the sample town 白鹭镇 (never the
 * demo town) with its first administrator, the person who then imports the town's spreadsheets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createCore, type Core } from '../../main/core/app-core';
import type { Actor } from '../../main/core/kernel/actor';
import { ManualClock } from '../../main/core/kernel/clock';
import { TownImportService } from '../../main/core/town/import/town-import.service';
import type { UploadFile } from '../../main/core/town/import/parse';
import { generator, type TownData } from '../support/sample-town';
import { setUpSampleTown } from '../support/sample-town-core';

export { SET_UP } from '../support/sample-town-core';

export interface ImportCore {
  core: Core;
  clock: ManualClock;
  importer: TownImportService;
  admin: Actor;
  dir: string;
  close(): Promise<void>;
}

export async function importCore(): Promise<ImportCore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duty-desk-import-'));
  const clock = new ManualClock('2026-11-23T01:00:00.000Z');
  const core = await createCore({ dataDir: dir, clock, kdfLogN: 10, sweepIntervalMs: 0, sweepOnClockJump: false, startSync: false });
  const admin = await setUpSampleTown(core);
  const importer = (core as Core & { townImport?: TownImportService }).townImport ?? new TownImportService(core.kernel, core.town, core.auth, core.feed);
  return {
    core,
    clock,
    importer,
    admin,
    dir,
    async close() {
      await core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of the town's standing tables and of the outbox and audit: equal text, nothing saved. */
export function townTables(core: Core): Promise<string> {
  return core.db.read(async (sql) =>
    JSON.stringify(
      await Promise.all(['person', 'post', 'board', 'grid', 'village', 'catalogue_item', 'outbox', 'audit_log'].map((t) => sql.all(`SELECT * FROM ${t} ORDER BY rowid`))),
    ),
  );
}

/** The sample town's data, to edit before writing it (a fresh copy each time). */
export async function sampleData(): Promise<TownData> {
  return (await generator()).sampleTown();
}

/** A workbook file changed by `edit` (ExcelJS, as a person would in Excel). */
export async function editedWorkbook(file: UploadFile, edit: (wb: ExcelJS.Workbook) => void): Promise<UploadFile> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.bytes as unknown as ArrayBuffer);
  edit(wb);
  return { fileName: file.fileName, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
