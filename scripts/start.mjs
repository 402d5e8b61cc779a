// `npm start`: build if needed, then open the Electron app; where the Electron binary is not
// installed (its download is blocked on some machines) say so in one line and serve the same
// console on 127.0.0.1 instead.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { exitLike, run, runAndExit } from './supervise.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
// `npm start` is the demo town (an empty data folder gets it; the console shows 演示数据);
// `npm start -- --no-demo` starts the first start's set-up flow on an empty data folder instead.
const given = process.argv.slice(2);
const args = given.includes('--no-demo') ? given.filter((a) => a !== '--no-demo') : given.includes('--demo') ? given : ['--demo', ...given];

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

// Children are started as `node <their script>` (not through npx and a shell) so that a signal reaches
// them: see supervise.mjs.
if (!existsSync(path.join(root, 'out/renderer/index.html')) || !existsSync(path.join(root, 'out/main/index.js'))) {
  const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json', { paths: [root] })), 'bin/electron-vite.js');
  const build = await run(process.execPath, [electronVite, 'build'], { cwd: root });
  if (build.code !== 0) exitLike(build);
}

const binary = electronBinary();
if (binary) {
  await runAndExit(binary, [root, ...args], { cwd: root });
} else {
  console.log('Electron binary not installed (its download is blocked here): serving the web console on 127.0.0.1 instead.');
  await runAndExit(process.execPath, ['--import', 'tsx', 'main/web/cli.ts', ...args], { cwd: root });
}
