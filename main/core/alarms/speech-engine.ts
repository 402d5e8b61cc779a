/**
 * Mandarin speech with no internet and no OS voice: eSpeak NG compiled to WebAssembly (the
 * `espeak-ng` npm package, voice `cmn`), run in a worker thread so the core's own thread never waits
 * for it, and a WAV (16-bit mono, 22,050 Hz) per text kept in memory.
 *
 * The package is eSpeak's command line: one WebAssembly instance runs `main` once. Most of an
 * instance's cost is before `main` (instantiating 18 MB and unpacking its voice data: about 170 ms
 * here), so the worker keeps the next instance ready, halted where the runtime is initialised and
 * `main` is about to run, until a text arrives: then only the synthesis itself is left (about
 * 60 ms for a sentence). The text goes in as a file (`-f`), never as an option.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';

/** The worker: plain JavaScript (run with `eval`, so it needs no build step of its own). */
const WORKER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const fs = require('node:fs');
const { port, signal: shared, moduleUrl, wasmPath, voice } = workerData;
const signal = new Int32Array(shared);
function nextJob() {
  for (;;) {
    const m = receiveMessageOnPort(port);
    if (m) return m.message;
    Atomics.wait(signal, 0, 0);
    Atomics.store(signal, 0, 0);
  }
}
(async () => {
  const { default: factory } = await import(moduleUrl);
  const wasm = await WebAssembly.compile(fs.readFileSync(wasmPath));
  for (;;) {
    const args = ['-v', voice, '-w', '/out.wav', '-f', '/in.txt'];
    let job = null;
    const options = {
      arguments: args,
      print() {},
      printErr() {},
      instantiateWasm(imports, ok) {
        WebAssembly.instantiate(wasm, imports).then((instance) => ok(instance));
        return {};
      },
      onRuntimeInitialized() {
        parentPort.postMessage({ ready: true });
        job = nextJob();
        if (job.stop) args.splice(0, args.length, '--version');
        else {
          options.FS.writeFile('/in.txt', job.text);
          if (job.speed) args.unshift('-s', String(job.speed));
        }
      },
    };
    try {
      const instance = await factory(options);
      if (job.stop) break;
      const wav = instance.FS.readFile('/out.wav');
      parentPort.postMessage({ id: job.id, wav }, [wav.buffer]);
    } catch (error) {
      if (job && job.stop) break;
      parentPort.postMessage({ id: job ? job.id : -1, error: String(error && error.message || error) });
    }
  }
  parentPort.postMessage({ stopped: true });
})();
`;

export interface SpeechEngineOptions {
  /** eSpeak voice (default `cmn`, Mandarin). */
  readonly voice?: string;
  /** Words per minute (eSpeak's default 175; 160 is clearer for an announcement). */
  readonly speed?: number;
  /** WAVs kept in memory, the least recently used dropped first (default 200). */
  readonly cacheSize?: number;
}

/** Where the package's files are (beside app.asar in a packaged build: electron-builder.yml unpacks it). */
function packageFiles(): { moduleUrl: string; wasmPath: string } {
  const entry = createRequire(path.join(__dirname, 'speech-engine.js'))
    .resolve('espeak-ng')
    .replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return { moduleUrl: pathToFileURL(entry).href, wasmPath: path.join(path.dirname(entry), 'espeak-ng.wasm') };
}

export class SpeechEngine {
  private worker: Worker | null = null;
  private port: MessageChannel['port1'] | null = null;
  private signal: Int32Array | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(wav: Buffer): void; reject(error: Error): void }>();
  private readonly cache = new Map<string, Promise<Buffer>>();
  /** Whether the worker's next instance is initialised and waiting for a text. */
  private instanceReady = false;
  private readonly readyWaiters: (() => void)[] = [];
  readonly stats = { synthesized: 0, cached: 0 };

  constructor(private readonly options: SpeechEngineOptions = {}) {}

  /** Starts the worker and waits until its next instance is ready (the first call of the day pays for it). */
  warm(): Promise<void> {
    this.start();
    if (this.instanceReady) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** The WAV of a text: from the cache, else synthesised (one at a time, in order). */
  speak(text: string): Promise<Buffer> {
    const cached = this.cache.get(text);
    if (cached) {
      this.stats.cached += 1;
      this.cache.delete(text);
      this.cache.set(text, cached);
      return cached;
    }
    const made = this.synthesize(text);
    this.cache.set(text, made);
    made.catch(() => this.cache.delete(text));
    const limit = this.options.cacheSize ?? 200;
    while (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value!);
    return made;
  }

  /** Whether a text's WAV is in the cache already. */
  has(text: string): boolean {
    return this.cache.has(text);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    this.port?.postMessage({ stop: true });
    this.wake();
    this.port?.close();
    for (const p of this.pending.values()) p.reject(new Error('speech engine closed'));
    this.pending.clear();
    await worker.terminate();
  }

  private async synthesize(text: string): Promise<Buffer> {
    this.start();
    const id = this.nextId++;
    const wav = new Promise<Buffer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.instanceReady = false;
    this.port!.postMessage({ id, text, speed: this.options.speed ?? 160 });
    this.wake();
    const out = await wav;
    this.stats.synthesized += 1;
    return out;
  }

  private wake(): void {
    if (!this.signal) return;
    Atomics.store(this.signal, 0, 1);
    Atomics.notify(this.signal, 0);
  }

  private start(): void {
    if (this.worker) return;
    const { port1, port2 } = new MessageChannel();
    const shared = new SharedArrayBuffer(4);
    this.signal = new Int32Array(shared);
    this.port = port1;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: shared, voice: this.options.voice ?? 'cmn', ...packageFiles() },
      transferList: [port2],
    });
    worker.unref();
    worker.on('message', (m: { ready?: true; id?: number; wav?: Uint8Array; error?: string }) => {
      if (m.ready) {
        this.instanceReady = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      }
      if (m.id === undefined) return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.wav) p.resolve(Buffer.from(m.wav.buffer, m.wav.byteOffset, m.wav.byteLength));
      else p.reject(new Error(m.error ?? 'speech failed'));
    });
    worker.on('error', (error) => {
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
      this.worker = null;
    });
    this.worker = worker;
  }
}

/** A WAV's length in milliseconds (a RIFF file of PCM: its data chunk over the byte rate). */
export function wavDurationMs(wav: Buffer): number {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF') return 0;
  const byteRate = wav.readUInt32LE(28);
  let offset = 12;
  while (offset + 8 <= wav.length) {
    const id = wav.toString('ascii', offset, offset + 4);
    const size = wav.readUInt32LE(offset + 4);
    if (id === 'data') return Math.round((Math.min(size, wav.length - offset - 8) / byteRate) * 1000);
    offset += 8 + size;
  }
  return 0;
}
