/**
 * Importing a town from its own spreadsheets (main/core/town/import): the files go up in chunks
 * (`town:importUpload`: the web console takes messages of at most 256 KiB), the preview says what
 * would be added, changed and deactivated and lists every fault at its sheet, row and column
 * (`town:importPreview`), and the apply does it in one command (`town:importApply`). Templates with
 * Chinese headings and an example row: `town:importTemplate`.
 */
import { z } from 'zod';

/** The parts of a town an upload can hold; a workbook is recognised by its sheets' names. */
export const IMPORT_KINDS = ['people', 'accounts', 'posts', 'villagesGrids', 'shapes', 'catalogue'] as const;
export const ImportKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof ImportKind>;

/** The file each template downloads as (the sample town uses the same names). */
export const IMPORT_TEMPLATE_FILES: Readonly<Record<ImportKind, string>> = {
  people: 'people.xlsx',
  accounts: 'accounts.xlsx',
  posts: 'posts.xlsx',
  villagesGrids: 'villages-grids.xlsx',
  shapes: 'grids.geojson',
  catalogue: 'catalogue.xlsx',
};

/**
 * One file at most this big (the 100 MB is the outer bound; 20 MB is ours): a town's largest
 * file is its grid shapes, and 50 grids surveyed at 5,000 vertices each are about 10 MB of GeoJSON;
 * a spreadsheet of 1,000 catalogue items is about 150 KB. Past 20 MB a file is refused unread.
 */
export const IMPORT_MAX_FILE_BYTES = 20 * 1024 * 1024;
/** A workbook unpacks to at most this much (its zip directory is read before anything inflates it). */
export const IMPORT_MAX_UNPACKED_BYTES = 32 * 1024 * 1024;
/** Files in one preview, and bytes staged at once by one person. */
export const IMPORT_MAX_FILES = 8;
export const IMPORT_MAX_STAGED_BYTES = 64 * 1024 * 1024;
/** Bytes per upload chunk: 96 KiB is 128 KiB of base64, well under the web console's 256 KiB message. */
export const IMPORT_CHUNK_BYTES = 96 * 1024;

export const ImportUploadRequest = z.strictObject({
  /** One id per file, made by the renderer; every chunk of the file carries it. */
  uploadId: z.uuid(),
  fileName: z.string().trim().min(1).max(255),
  /** The whole file's size: refused at once past IMPORT_MAX_FILE_BYTES. */
  totalBytes: z.number().int().min(1).max(IMPORT_MAX_FILE_BYTES),
  /** Where this chunk starts: chunks come in order (the next one starts where the last ended). */
  offset: z.number().int().min(0).max(IMPORT_MAX_FILE_BYTES),
  dataBase64: z
    .string()
    .min(1)
    .max(Math.ceil(IMPORT_CHUNK_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
});
export type ImportUploadRequest = z.input<typeof ImportUploadRequest>;
export const ImportUploadResponse = z.object({ receivedBytes: z.number() });

export const ImportPreviewRequest = z.strictObject({ uploadIds: z.array(z.uuid()).min(1).max(IMPORT_MAX_FILES) });
export type ImportPreviewRequest = z.input<typeof ImportPreviewRequest>;

export const ImportApplyRequest = z.strictObject({ previewId: z.uuid() });
export type ImportApplyRequest = z.input<typeof ImportApplyRequest>;

export const ImportTemplateRequest = z.strictObject({ kind: ImportKind });
export type ImportTemplateRequest = z.input<typeof ImportTemplateRequest>;

/** What an import changes, counted: people, their accounts, posts, villages, grids and catalogue items. */
export const IMPORT_ENTITIES = ['people', 'accounts', 'posts', 'villages', 'grids', 'catalogue'] as const;
export const ImportEntity = z.enum(IMPORT_ENTITIES);
export type ImportEntity = z.infer<typeof ImportEntity>;

export const ImportCount = z.object({ added: z.number(), changed: z.number(), deactivated: z.number(), unchanged: z.number() });
export type ImportCount = z.infer<typeof ImportCount>;

export const ImportChange = z.object({
  entity: ImportEntity,
  change: z.enum(['added', 'changed', 'deactivated']),
  code: z.string(),
  name: z.string(),
  /** For a change: the fields that change, in Chinese (姓名, 手机号, A岗…). */
  fields: z.array(z.string()),
});
export type ImportChange = z.infer<typeof ImportChange>;

/**
 * One fault, where it is: the file, the sheet (a GeoJSON file: `GeoJSON`), the row (a sheet's row
 * number as Excel shows it; a GeoJSON file: the feature's number, from 1), the column (a letter; a
 * GeoJSON file: the member, e.g. `geometry`), and the reason in Chinese, saying what to do.
 */
export const ImportFault = z.object({
  file: z.string(),
  sheet: z.string().nullable(),
  row: z.number().nullable(),
  column: z.string().nullable(),
  reason: z.string(),
  /** The offending value as the sheet holds it (cut to 80 characters), when there is one. */
  value: z.string().nullable(),
});
export type ImportFault = z.infer<typeof ImportFault>;

export const ImportFileSummary = z.object({
  fileName: z.string(),
  bytes: z.number(),
  /** What the file was recognised as (a workbook may hold several parts). */
  kinds: z.array(ImportKind),
});
export type ImportFileSummary = z.infer<typeof ImportFileSummary>;

/** At most this many changes and faults are listed (the counts are always whole). */
export const IMPORT_MAX_LISTED = 2000;

export const ImportPreview = z.object({
  /** What `town:importApply` takes; null when there is a fault (nothing can be applied). */
  previewId: z.string().nullable(),
  files: z.array(ImportFileSummary),
  counts: z.partialRecord(ImportEntity, ImportCount),
  changes: z.array(ImportChange),
  changesTotal: z.number(),
  faults: z.array(ImportFault),
  faultsTotal: z.number(),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** A new account's one-time password, shown once to the administrator (never stored, never sent again). */
export const ImportedPassword = z.object({ code: z.string(), name: z.string(), username: z.string(), oneTimePassword: z.string() });
export type ImportedPassword = z.infer<typeof ImportedPassword>;

export const ImportApplied = z.object({
  counts: z.partialRecord(ImportEntity, ImportCount),
  /** The new accounts' one-time passwords (empty for a repeat of the same command: they were shown the first time). */
  oneTimePasswords: z.array(ImportedPassword),
  /** A repeat of a command that already ran (its first answer, without the passwords). */
  repeated: z.boolean(),
});
export type ImportApplied = z.infer<typeof ImportApplied>;
