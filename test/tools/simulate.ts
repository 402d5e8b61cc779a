/**
 * `npm run simulate -- --rate 2`: feeds the running console a realistic stream of grid reports,
 * 12345 hotline orders and sensor alerts (smoke, methane, water level, displacement, each with its
 * reading), through the same API the console uses (the web console's WebSocket). Options: --rate N
 * (events per minute, default 2), --data DIR (where the console runs, default .data), --count N
 * (stop after N), --seed N, --sensor KIND (only sensor alerts of that kind). The reports come from
 * ./sim-reports.ts: tests import `createReportFactory(seed).sensorAlert('smoke')` from there.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { createReportFactory, type SensorKind } from './sim-reports';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2' },
    data: { type: 'string', default: '.data' },
    count: { type: 'string' },
    seed: { type: 'string' },
    /** Only sensor alerts of this kind (smoke, methane, water_level, displacement): `--sensor smoke --count 1` sets off the forest-fire plan's proposal. */
    sensor: { type: 'string' },
    username: { type: 'string', default: 'zhangwei' },
    password: { type: 'string', default: 'duty1234' },
  },
});

const rate = Number(values.rate);
if (!(rate > 0 && rate <= 6000)) {
  console.error('--rate must be events per minute, between 0 and 6000');
  process.exit(2);
}

const SENSOR_KINDS: readonly SensorKind[] = ['smoke', 'methane', 'water_level', 'displacement'];
if (values.sensor !== undefined && !SENSOR_KINDS.includes(values.sensor as SensorKind)) {
  console.error(`--sensor must be one of ${SENSOR_KINDS.join(', ')}`);
  process.exit(2);
}
const factory = createReportFactory(Number(values.seed ?? Date.now()));
const { random } = factory;
const nextReport = values.sensor ? () => factory.sensorAlert(values.sensor as SensorKind) : factory.nextReport;

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
    console.log(
      `${new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })} ${report.source.padEnd(7)} ${report.level.padEnd(8)} ${report.title}${report.sensor ? ` [${report.sensor.type} ${report.sensor.value}${report.sensor.unit ?? ''}]` : ''}${result.ok ? '' : `  ✗ ${result.error?.message}`}`,
    );
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
