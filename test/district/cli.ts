/**
 * Runs the reference district server:
 *   npm run district -- --port <port> --data <dir> --tokens <file> [--host 127.0.0.1] [--max-body-bytes N]
 * Prints exactly one line, `listening on <url>`, when it accepts requests; SIGTERM/SIGINT close it
 * cleanly (requests in flight finish, the database is closed) and exit 0.
 */
import { parseArgs } from 'node:util';
import { startDistrictServer } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      data: { type: 'string' },
      tokens: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'max-body-bytes': { type: 'string' },
      'ping-ms': { type: 'string' },
    },
    strict: true,
  });
  if (!values.data || !values.tokens) {
    console.error('usage: district --port <port> --data <dir> --tokens <file> [--host H] [--max-body-bytes N]');
    process.exit(2);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad --port: ${values.port}`);
    process.exit(2);
  }
  const server = await startDistrictServer({
    port,
    host: values.host,
    dataDir: values.data,
    tokens: values.tokens,
    ...(values['max-body-bytes'] ? { maxBodyBytes: Number(values['max-body-bytes']) } : {}),
    ...(values['ping-ms'] ? { pingIntervalMs: Number(values['ping-ms']) } : {}),
  });
  console.log(`listening on ${server.url}`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('district: close failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('district:', error instanceof Error ? error.message : error);
  process.exit(1);
});
