/**
 * The simulator's reports: grid reports, 12345 hotline orders and sensor alerts (smoke, methane,
 * water level, ground displacement) with their readings, from a seeded generator so a demo or a
 * test can be replayed. Used by `npm run simulate` and by tests that need "a smoke alert from the
 * simulator".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../main/core/seeded-random';

interface Phrase {
  title: string;
  description: string;
}
interface Phrases {
  items: Record<string, Phrase[]>;
  roads: string[];
  places: { name: string; village: string }[];
  rivers: string[];
}
interface Grid {
  properties: { code: string; village: string };
  geometry: { coordinates: number[][][] };
}

export type SimReport = {
  title: string;
  categoryCode: string;
  level: 'general' | 'major' | 'serious' | 'especially_serious';
  source: 'grid' | 'hotline' | 'sensor';
  gridCode?: string;
  description?: string;
  location?: { lng: number; lat: number };
  sensor?: { type: string; value: number; unit?: string };
};

export type SensorKind = 'smoke' | 'methane' | 'water_level' | 'displacement';

const root = path.resolve(__dirname, '../..');
let cache: { phrases: Phrases; grids: Grid[] } | null = null;
function data(): { phrases: Phrases; grids: Grid[] } {
  cache ??= {
    phrases: JSON.parse(readFileSync(path.join(root, 'resources/demo-town/sim-phrases.json'), 'utf8')) as Phrases,
    grids: (JSON.parse(readFileSync(path.join(root, 'resources/demo-town/grids.geojson'), 'utf8')) as { features: Grid[] }).features,
  };
  return cache;
}

function centroid(ring: number[][]): { lng: number; lat: number } {
  const n = ring.length - 1;
  let lng = 0;
  let lat = 0;
  for (let i = 0; i < n; i++) {
    lng += ring[i]![0]!;
    lat += ring[i]![1]!;
  }
  return { lng: Number((lng / n).toFixed(5)), lat: Number((lat / n).toFixed(5)) };
}

/** A seeded generator (mulberry32) and the reports drawn from it. */
export function createReportFactory(seed: number) {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const { phrases, grids } = data();

  /** A sensor alert as the town's devices send it; the devices only alert at or over their own cut-off. */
  function sensorAlert(kind: SensorKind = pick(['smoke', 'methane', 'water_level', 'displacement'] as const)): SimReport {
    const grid = pick(grids);
    const location = centroid(grid.geometry.coordinates[0]!);
    const at = { gridCode: grid.properties.code, location, source: 'sensor' as const };
    switch (kind) {
      case 'smoke': {
        const value = Number((0.7 + random() * 0.29).toFixed(2));
        return {
          ...at,
          title: `森林烟火监测预警：${grid.properties.village}山林疑似烟点`,
          categoryCode: 'FOREST-001',
          level: 'major',
          description: `前端感知设备识别到烟雾，置信度 ${value.toFixed(2)}，请核实现场。`,
          sensor: { type: 'smoke', value, unit: '置信度' },
        };
      }
      case 'methane': {
        const value = Number((10 + random() * 40).toFixed(1));
        return {
          ...at,
          title: `燃气泄漏报警：${pick(phrases.places).name}甲烷浓度超限`,
          categoryCode: 'SAFE-002',
          level: 'serious',
          description: `可燃气体探测器读数 ${value}%LEL，超过报警阈值 10%LEL。`,
          sensor: { type: 'methane', value, unit: '%LEL' },
        };
      }
      case 'water_level': {
        const over = Number((random() * 0.8).toFixed(2));
        return {
          ...at,
          title: `河道水位超警：${pick(phrases.rivers)}${grid.properties.village}段`,
          categoryCode: 'FLOOD-001',
          level: 'major',
          description: `水位 ${(3.5 + over).toFixed(2)} m，超警戒水位 ${over.toFixed(2)} m，仍在上涨。`,
          sensor: { type: 'water_level', value: over, unit: 'm' },
        };
      }
      case 'displacement': {
        const value = Number((5 + random() * 40).toFixed(1));
        return {
          ...at,
          title: `地质灾害监测预警：${grid.properties.village}隐患点位移异常`,
          categoryCode: 'GEO-002',
          level: 'major',
          description: `裂缝位移计24小时累计位移 ${value} mm，请组织核查。`,
          sensor: { type: 'displacement', value, unit: 'mm' },
        };
      }
    }
  }

  function humanReport(source: 'grid' | 'hotline'): SimReport {
    const code = pick(Object.keys(phrases.items));
    const phrase = pick(phrases.items[code]!);
    const grid = pick(grids);
    const level = random() < 0.85 ? 'general' : random() < 0.8 ? 'major' : 'serious';
    const order = source === 'hotline' ? `12345工单 ${String(Math.floor(random() * 1e8)).padStart(8, '0')}：` : '';
    return {
      title: phrase.title,
      categoryCode: code,
      level,
      source,
      gridCode: grid.properties.code,
      description: `${order}${phrase.description}（${pick(phrases.roads)}附近）`,
      location: centroid(grid.geometry.coordinates[0]!),
    };
  }

  function nextReport(): SimReport {
    const r = random();
    return r < 0.5 ? humanReport('grid') : r < 0.85 ? humanReport('hotline') : sensorAlert();
  }

  return { random, sensorAlert, nextReport };
}
