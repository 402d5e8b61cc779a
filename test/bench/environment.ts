/**
 * What the machine was doing during the run: other work on the same CPUs or disk shows up in every
 * p99 here, so the bench records load, CPU pressure and steal, and the disk's own fsync latency.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarize } from './stats';

export interface CpuTicks {
  busy: number;
  idle: number;
  steal: number;
}

export function cpuTicks(): CpuTicks | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number) as number[];
    return { busy: user! + nice! + system! + irq! + softirq!, idle: idle! + iowait!, steal: steal ?? 0 };
  } catch {
    return null;
  }
}

/** Share of CPU time (0–1) this machine spent busy between two samples, all processes included. */
export function busyShare(a: CpuTicks | null, b: CpuTicks | null): number | null {
  if (!a || !b) return null;
  const busy = b.busy - a.busy;
  const total = busy + (b.idle - a.idle) + (b.steal - a.steal);
  return total > 0 ? busy / total : null;
}

export function stealShare(a: CpuTicks | null, b: CpuTicks | null): number | null {
  if (!a || !b) return null;
  const total = b.busy - a.busy + (b.idle - a.idle) + (b.steal - a.steal);
  return total > 0 ? (b.steal - a.steal) / total : null;
}

/** `some avg10` of /proc/pressure/cpu: % of the last 10 s some task waited for a CPU. */
export function cpuPressure(): number | null {
  try {
    const m = /some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** fdatasync latency of 4 KiB writes in `dir` (the disk the database lives on). */
export function fsyncLatency(dir: string, samples = 300): { p50: number; p99: number; max: number } {
  const file = path.join(dir, `fsync-probe-${process.pid}.bin`);
  const fd = openSync(file, 'w');
  const buffer = Buffer.alloc(4096, 7);
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      writeSync(fd, buffer, 0, buffer.length, (i % 64) * 4096);
      const t = performance.now();
      fdatasyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  const s = summarize(times);
  return { p50: s.p50, p99: s.p99, max: s.max };
}

export interface Snapshot {
  at: number;
  loadAvg1m: number;
  cpuPressureAvg10: number | null;
  ticks: CpuTicks | null;
}

export function snapshot(): Snapshot {
  return { at: performance.now(), loadAvg1m: os.loadavg()[0]!, cpuPressureAvg10: cpuPressure(), ticks: cpuTicks() };
}
