/**
 * The non-demo sample town 白鹭镇 (resources/sample-town) for the tests and the benchmark: its files
 * as the folder holds them, and the same generator's larger town in memory. The generator is plain
 * Node (resources/sample-town/generate.mjs), loaded here by its file URL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UploadFile } from '../../main/core/town/import/parse';

export const SAMPLE_DIR = path.resolve(__dirname, '../../resources/sample-town');
export const SAMPLE_FILES = ['people.xlsx', 'accounts.xlsx', 'posts.xlsx', 'villages-grids.xlsx', 'grids.geojson', 'catalogue.xlsx'] as const;

export interface TownData {
  town: { townCode: string; name: string; centreName: string; districtName: string; center: [number, number] };
  /** sheet name → rows of cell texts (no heading row). */
  sheets: Record<string, string[][]>;
  shapes: { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[] };
}

interface Generator {
  SAMPLE_TOWN: TownData['town'];
  HEADERS: Record<string, string[]>;
  sampleTown(): TownData;
  syntheticTown(size?: { people?: number; posts?: number; grids?: number; items?: number; vertices?: number; seed?: number }): TownData;
  townFiles(data: TownData): Promise<Record<string, Buffer>>;
}

let loaded: Promise<Generator> | null = null;
export function generator(): Promise<Generator> {
  loaded ??= import(pathToFileURL(path.join(SAMPLE_DIR, 'generate.mjs')).href) as Promise<Generator>;
  return loaded;
}

/** The sample town's files as committed in resources/sample-town. */
export function sampleFiles(names: readonly string[] = SAMPLE_FILES): UploadFile[] {
  return names.map((fileName) => ({ fileName, bytes: readFileSync(path.join(SAMPLE_DIR, fileName)) }));
}

/** Files made from (possibly edited) town data, by the same generator. */
export async function filesOf(data: TownData, names?: readonly string[]): Promise<UploadFile[]> {
  const files = await (await generator()).townFiles(data);
  return Object.entries(files)
    .filter(([name]) => !names || names.includes(name))
    .map(([fileName, bytes]) => ({ fileName, bytes }));
}
