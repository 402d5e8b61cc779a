/**
 * The first start of a town's own console (no `--demo`, an empty data folder): the town's division
 * code and name, and its first administrator. Then the import of the town's spreadsheets.
 */
import { z } from 'zod';
import { ShortText } from './schemas';

/** A township-level division code (统计用区划代码): 12 digits, e.g. 330110105000. */
export const TownCode = z.string().regex(/^\d{12}$/, 'a town code is 12 digits');

export const SetupStatus = z.object({
  /** The town exists (the demo town, or one set up here). */
  configured: z.boolean(),
  /** The demo town (演示数据): its accounts share the demo password. */
  demo: z.boolean(),
  townCode: z.string(),
  townName: z.string(),
  /** The district link is configured for this town code: the set-up must use it (empty when none). */
  districtTownCode: z.string(),
});
export type SetupStatus = z.infer<typeof SetupStatus>;

export const SetupRequest = z.strictObject({
  townCode: TownCode,
  townName: z.string().trim().min(2).max(40),
  centreName: z.string().trim().max(60).optional(),
  districtName: z.string().trim().max(60).optional(),
  admin: z.strictObject({
    name: ShortText.pipe(z.string().max(40)),
    username: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, 'a username: 3–32 letters, digits, _ . -, starting with a letter'),
    password: z.string().min(1).max(256),
    phone: z.string().trim().max(30).optional(),
  }),
});
export type SetupRequest = z.infer<typeof SetupRequest>;
