// `npm start`: build if needed, then open the Electron app; where the Electron binary is not
// installed (its download is blocked on some machines) say so in one line and serve the same
// console on 127.0.0.1 instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathFile = path.join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const binary = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

if (!existsSync(path.join(root, 'out/renderer/index.html')) || !existsSync(path.join(root, 'out/main/index.js'))) {
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const binary = electronBinary();
const child = binary
  ? spawn(binary, [root, ...args], { cwd: root, stdio: 'inherit' })
  : (console.log('Electron binary not installed (its download is blocked here): serving the web console on 127.0.0.1 instead.'),
    spawn('npx', ['tsx', 'main/web/cli.ts', ...args], { cwd: root, stdio: 'inherit' }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
