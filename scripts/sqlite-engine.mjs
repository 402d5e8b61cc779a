// `postinstall` (also `npm run postinstall` by hand): builds the sqlite3 driver on SQLite 3.53.4.
//
// sqlite3 6.0.1 (node-sqlite3, the driver TypeORM uses here) bundles SQLite 3.52.0, a release SQLite
// withdrew. Its build compiles whatever amalgamation `deps/sqlite-autoconf-<sqlite_version>.tar.gz`
// holds, `sqlite_version` defaulting to the number in deps/common-sqlite.gypi. This script:
//   1. fetches the SQLite 3.53.4 amalgamation from the registry package that ships it (better-sqlite3@13.0.3,
//      deps/sqlite3/: only its three source files are used, nothing of it is installed or run) with
//      `npm pack`, and checks the tarball's integrity and each file's SHA-256 against the pins below;
//   2. writes them as node_modules/sqlite3/deps/sqlite-autoconf-3530400.tar.gz, sets the default
//      `sqlite_version%` to 3530400 (so a later rebuild — electron-builder's for Electron, `npm rebuild` —
//      compiles 3.53.4 too) and deletes the 3.52.0 tarball;
//   3. runs `node-gyp rebuild` in node_modules/sqlite3 and checks that the built driver reports 3.53.4.
// When the built driver already reports 3.53.4 and the sources are in place it does nothing.
// sqlite3's own install script (prebuild-install, which would download a 3.52.0 binary, or build 3.52.0) is
// denied in package.json's allowScripts. The console checks the version again at every start
// (main/core/db/sqlite-engine.ts).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ENGINE = {
  version: '3.53.4',
  /** The number node-sqlite3's gyp files name the amalgamation by (sqlite-autoconf-<number>.tar.gz). */
  number: '3530400',
  /** The registry package that ships this amalgamation in package/deps/sqlite3/, and its tarball's integrity. */
  source: 'better-sqlite3@13.0.3',
  integrity: 'sha512-RbOBxmLBG8uvFUc15X9+9SFemKcQ0WBuISBVkpuiaUB2qblC8UWlHEjdWVoZ8AdhSwmoEgsiXKfopX0CQxaACQ==',
  files: {
    'sqlite3.c': '6a2805f8c1ef020a7086e62258519323cf98b219e9fe87a42065d916cfebaefc',
    'sqlite3.h': '919e7f2e8ed1d8f56ac17b412b8971c76aa5d1a879752cc6058f75e7d5910e1d',
    'sqlite3ext.h': 'ac9645e5c9ff0cf176efdd6e75cb5e98f46295d38e02db5c4d208826a39ab4be',
  },
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const say = (line) => console.log(`sqlite-engine: ${line}`);

function fail(message, detail) {
  console.error(`sqlite-engine: ${message}`);
  if (detail) console.error(detail);
  process.exit(1);
}

const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

function sqlite3Dir() {
  try {
    return path.dirname(require.resolve('sqlite3/package.json'));
  } catch {
    return fail('the sqlite3 package is not installed; run `npm install` first');
  }
}

/** The version the built driver reports, or null when it is not built (or does not load). */
export function builtVersion(dir) {
  const probe = `const s = require(${JSON.stringify(dir)}); new s.Database(':memory:').get('select sqlite_version() v', (e, r) => { if (!e) process.stdout.write(r.v); });`;
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: root, encoding: 'utf8' });
  return result.status === 0 && result.stdout ? result.stdout.trim() : null;
}

const gypiFile = (dir) => path.join(dir, 'deps/common-sqlite.gypi');
const tarballName = (number) => `sqlite-autoconf-${number}.tar.gz`;
const VERSION_VARIABLE = /('sqlite_version%'\s*:\s*')(\d+)(')/;

function defaultVersionNumber(dir) {
  const match = VERSION_VARIABLE.exec(readFileSync(gypiFile(dir), 'utf8'));
  if (!match) fail(`${gypiFile(dir)} has no 'sqlite_version%' variable: this sqlite3 release builds differently; update scripts/sqlite-engine.mjs`);
  return match[2];
}

/** `npm`, as the same npm that runs this script when there is one (npm sets npm_execpath). */
function npm(args, options) {
  const execPath = process.env.npm_execpath;
  if (execPath && /\.[cm]?js$/.test(execPath)) return spawnSync(process.execPath, [execPath, ...args], options);
  return spawnSync('npm', args, { ...options, shell: process.platform === 'win32' });
}

/** The three amalgamation files from the pinned registry package, each checked against its pin. */
function fetchAmalgamation(dir) {
  const tar = createRequire(path.join(dir, 'package.json'))('tar');
  const work = mkdtempSync(path.join(os.tmpdir(), 'sqlite-engine-'));
  try {
    const packed = npm(['pack', ENGINE.source, '--pack-destination', work, '--json', '--loglevel=error'], { cwd: work, encoding: 'utf8' });
    if (packed.status !== 0) fail(`could not fetch ${ENGINE.source} from the registry (npm pack)`, packed.stderr || packed.stdout);
    const tgz = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (!tgz) fail(`npm pack ${ENGINE.source} wrote no tarball`, packed.stdout);
    const integrity = `sha512-${createHash('sha512')
      .update(readFileSync(path.join(work, tgz)))
      .digest('base64')}`;
    if (integrity !== ENGINE.integrity) fail(`${ENGINE.source}: integrity ${integrity}, expected ${ENGINE.integrity}`);
    const wanted = Object.keys(ENGINE.files).map((name) => `package/deps/sqlite3/${name}`);
    tar.x({ file: path.join(work, tgz), cwd: work, sync: true, filter: (entry) => wanted.includes(entry.replace(/^\.\//, '')) });
    const files = {};
    for (const [name, pin] of Object.entries(ENGINE.files)) {
      const file = path.join(work, 'package/deps/sqlite3', name);
      if (!existsSync(file)) fail(`${ENGINE.source} has no deps/sqlite3/${name}`);
      const content = readFileSync(file);
      if (sha256(content) !== pin) fail(`${ENGINE.source}: deps/sqlite3/${name} has SHA-256 ${sha256(content)}, expected ${pin}`);
      files[name] = content;
    }
    const declared = /#define SQLITE_VERSION\s+"([\d.]+)"/.exec(files['sqlite3.h'].toString('latin1'))?.[1];
    if (declared !== ENGINE.version) fail(`${ENGINE.source}'s sqlite3.h declares SQLite ${declared}, expected ${ENGINE.version}`);
    return files;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** deps/sqlite-autoconf-<number>.tar.gz with sqlite-autoconf-<number>/{sqlite3.c,sqlite3.h,sqlite3ext.h}, as deps/extract.js expects. */
function writeSourceTarball(dir, files) {
  const tar = createRequire(path.join(dir, 'package.json'))('tar');
  const base = `sqlite-autoconf-${ENGINE.number}`;
  const work = mkdtempSync(path.join(os.tmpdir(), 'sqlite-engine-'));
  try {
    mkdirSync(path.join(work, base));
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(work, base, name), content);
    const names = Object.keys(files).map((name) => `${base}/${name}`);
    tar.c({ gzip: true, file: path.join(dir, 'deps', tarballName(ENGINE.number)), cwd: work, sync: true, portable: true, mtime: new Date('2026-07-24T19:02:57Z') }, names);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function setDefaultVersion(dir) {
  const file = gypiFile(dir);
  const text = readFileSync(file, 'utf8');
  const next = text.replace(VERSION_VARIABLE, `$1${ENGINE.number}$3`);
  if (next !== text) writeFileSync(file, next);
}

/** node-gyp: npm's own (npm_config_node_gyp, set for scripts), else the one installed beside sqlite3. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    return fail('node-gyp not found: run this through npm (`npm run postinstall`), which brings its own');
  }
}

function build(dir) {
  const args = [nodeGyp(), 'rebuild', '--release', '--jobs=max'];
  // Run by hand outside npm: Node's own headers when this Node has them (node-gyp would download them otherwise).
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!process.env.npm_config_nodedir && existsSync(path.join(prefix, 'include/node/node_api.h'))) args.push(`--nodedir=${prefix}`);
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  // The compiler's and node-gyp's own lines go to a log (outside the package, which the installers copy), not
  // the install's output; its end is shown when the build fails.
  const log = path.join(root, 'node_modules/.cache/sqlite-engine-build.log');
  mkdirSync(path.dirname(log), { recursive: true });
  writeFileSync(log, `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`);
  if (result.status !== 0) {
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-40).join('\n');
    fail(`node-gyp rebuild failed after ${seconds} s (full log: ${log}); a C/C++ compiler, make and Python are needed (README, "Start and test")`, tail);
  }
  return seconds;
}

function main() {
  const dir = sqlite3Dir();
  const current = builtVersion(dir);
  const sourceReady = existsSync(path.join(dir, 'deps', tarballName(ENGINE.number))) && defaultVersionNumber(dir) === ENGINE.number;
  if (current === ENGINE.version && sourceReady) {
    say(`sqlite3 already built on SQLite ${ENGINE.version}`);
    return;
  }
  say(`building sqlite3 on SQLite ${ENGINE.version} (built now: ${current ?? 'none'}; its sources: ${defaultVersionNumber(dir)}) …`);
  if (!sourceReady) {
    writeSourceTarball(dir, fetchAmalgamation(dir));
    const bundled = defaultVersionNumber(dir);
    setDefaultVersion(dir);
    // The withdrawn release's source goes: nothing in this tree can build it by accident, nor package it.
    if (bundled !== ENGINE.number) rmSync(path.join(dir, 'deps', tarballName(bundled)), { force: true });
  }
  const seconds = build(dir);
  const built = builtVersion(dir);
  if (built !== ENGINE.version) fail(`the rebuilt sqlite3 reports SQLite ${built ?? '(does not load)'}, expected ${ENGINE.version}`);
  say(`sqlite3 built on SQLite ${built} in ${seconds} s`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
