/**
 * `npm run simulate -- --rate 2`: feeds the running console a realistic stream of grid reports,
 * 12345 hotline orders and sensor alerts (smoke, methane, water level), through the same API the
 * console uses (the web console's WebSocket). Options: --rate N (events per minute, default 2),
 * --data DIR (where the console runs, default .data), --count N (stop after N), --seed N.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

interface Phrase { title: string; description: string }
interface Phrases { items: Record<string, Phrase[]>; roads: string[]; places: { name: string; village: string }[]; rivers: string[] }

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2' },
    data: { type: 'string', default: '.data' },
    count: { type: 'string' },
    seed: { type: 'string' },
    username: { type: 'string', default: 'zhangwei' },
    password: { type: 'string', default: 'duty1234' },
  },
});

const rate = Number(values.rate);
if (!(rate > 0 && rate <= 6000)) {
  console.error('--rate must be events per minute, between 0 and 6000');
  process.exit(2);
}

// A small seeded generator so a demo can be replayed (mulberry32).
let state = Number(values.seed ?? Date.now()) >>> 0;
const random = (): number => {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const root = path.resolve(__dirname, '../..');
const phrases = JSON.parse(readFileSync(path.join(root, 'resources/demo-town/sim-phrases.json'), 'utf8')) as Phrases;
const grids = (JSON.parse(readFileSync(path.join(root, 'resources/demo-town/grids.geojson'), 'utf8')) as {
  features: { properties: { code: string; village: string }; geometry: { coordinates: number[][][] } }[];
}).features;

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

type Report = { title: string; categoryCode: string; level: string; source: string; gridCode?: string; description?: string; location?: { lng: number; lat: number } };

function sensorAlert(): Report {
  const grid = pick(grids);
  const location = centroid(grid.geometry.coordinates[0]!);
  const kind = pick(['smoke', 'methane', 'water_level'] as const);
  switch (kind) {
    case 'smoke':
      return { title: `森林烟火监测预警：${grid.properties.village}山林疑似烟点`, categoryCode: 'FOREST-001', level: 'major', source: 'sensor', gridCode: grid.properties.code, location,
        description: `前端感知设备识别到烟雾，置信度 ${(0.7 + random() * 0.29).toFixed(2)}，请核实现场。` };
    case 'methane':
      return { title: `燃气泄漏报警：${pick(phrases.places).name}甲烷浓度超限`, categoryCode: 'SAFE-002', level: 'serious', source: 'sensor', gridCode: grid.properties.code, location,
        description: `可燃气体探测器读数 ${(10 + random() * 40).toFixed(1)}%LEL，超过报警阈值 10%LEL。` };
    case 'water_level': {
      const over = (random() * 0.8).toFixed(2);
      return { title: `河道水位超警：${pick(phrases.rivers)}${grid.properties.village}段`, categoryCode: 'FLOOD-001', level: 'major', source: 'sensor', gridCode: grid.properties.code, location,
        description: `水位 ${(3.5 + Number(over)).toFixed(2)} m，超警戒水位 ${over} m，仍在上涨。` };
    }
  }
}

function humanReport(source: 'grid' | 'hotline'): Report {
  const code = pick(Object.keys(phrases.items));
  const phrase = pick(phrases.items[code]!);
  const grid = pick(grids);
  const level = random() < 0.85 ? 'general' : random() < 0.8 ? 'major' : 'serious';
  const order = source === 'hotline' ? `12345工单 ${String(Math.floor(random() * 1e8)).padStart(8, '0')}：` : '';
  return { title: phrase.title, categoryCode: code, level, source, gridCode: grid.properties.code, description: `${order}${phrase.description}（${pick(phrases.roads)}附近）`, location: centroid(grid.geometry.coordinates[0]!) };
}

function nextReport(): Report {
  const r = random();
  return r < 0.5 ? humanReport('grid') : r < 0.85 ? humanReport('hotline') : sensorAlert();
}

async function main(): Promise<void> {
  const connectionFile = path.resolve(values.data!, 'web-console.json');
  let connection: { port: number; token: string };
  try {
    connection = JSON.parse(readFileSync(connectionFile, 'utf8'));
  } catch {
    console.error(`no running console found (${connectionFile}); start it first with \`npm start\``);
    process.exit(1);
  }
  const ws = new WebSocket(`ws://127.0.0.1:${connection.port}/ws?token=${connection.token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const pending = new Map<number, (r: { ok: boolean; data?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(data.toString()) as { id?: number; result?: { ok: boolean; error?: { message: string } } };
    if (typeof message.id === 'number' && message.result) pending.get(message.id)?.(message.result);
  });
  const call = (channel: string, args: unknown) =>
    new Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>((resolve) => {
      const n = ++id;
      pending.set(n, resolve);
      ws.send(JSON.stringify({ id: n, channel, args }));
    });
  const login = await call('session:login', { username: values.username, password: values.password });
  if (!login.ok) {
    console.error(`sign-in failed: ${login.error?.message}`);
    process.exit(1);
  }
  const limit = values.count ? Number(values.count) : Infinity;
  console.log(`simulating ${rate} events per minute into ${connectionFile.replace(/web-console\.json$/, '')} (Ctrl+C stops)`);
  let sent = 0;
  const tick = async (): Promise<void> => {
    const report = nextReport();
    const result = await call('events:report', report);
    sent += 1;
    console.log(`${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} ${report.source.padEnd(7)} ${report.level.padEnd(8)} ${report.title}${result.ok ? '' : `  ✗ ${result.error?.message}`}`);
    if (sent >= limit) {
      ws.close();
      process.exit(0);
    }
    // Poisson arrivals: exponential gaps with the requested mean.
    setTimeout(() => void tick(), (-Math.log(1 - random()) * 60_000) / rate);
  };
  await tick();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
