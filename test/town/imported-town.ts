/**
 * A console set up as the sample town 白鹭镇 with its spreadsheets imported (no demo ids), and one of
 * its duty officers: for tests of what the imported town then does (deactivating a grid, reporting).
 */
import { expect } from 'vitest';
import type { Actor } from '../../main/core/kernel/actor';
import { sampleFiles } from '../support/sample-town';
import { importCore, type ImportCore } from './import-support';

export async function importedTown(): Promise<ImportCore & { officer: Actor }> {
  const t = await importCore();
  const preview = await t.importer.preview(t.admin, sampleFiles());
  expect(preview.faults).toEqual([]);
  await t.importer.apply(t.admin, preview.previewId!);
  const o = [...t.core.town.people.values()].find((p) => p.active && p.roles.length === 1 && p.roles[0] === 'officer')!;
  return { ...t, officer: { id: o.id, roles: o.roles } };
}
