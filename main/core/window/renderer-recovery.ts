/**
 * What main does when the console's renderer crashes or hangs: reload it and tell the officer —
 * unless it keeps crashing, in which case a reload loop would hide the problem and hammer the
 * machine, so main stops and asks. Pure decisions; the shell carries them out.
 */

/** Electron's `RenderProcessGoneDetails['reason']`, plus our own reason for a hang we ended. */
export type GoneReason = 'clean-exit' | 'abnormal-exit' | 'killed' | 'crashed' | 'oom' | 'launch-failed' | 'integrity-failure' | 'memory-eviction' | 'hung';

export interface RecoveryOptions {
  /** At most this many automatic reloads … */
  readonly maxReloads: number;
  /** … within this window. */
  readonly windowMs: number;
  /** How long an unresponsive renderer gets before main ends it. */
  readonly hangGraceMs: number;
}

export const DEFAULT_RECOVERY: RecoveryOptions = { maxReloads: 3, windowMs: 10 * 60_000, hangGraceMs: 15_000 };

export type RecoveryDecision =
  | { readonly action: 'ignore' }
  | { readonly action: 'reload'; readonly notice: string; readonly logLine: string }
  | { readonly action: 'ask'; readonly notice: string; readonly logLine: string };

const REASON_ZH: Record<GoneReason, string> = {
  'clean-exit': '界面进程已退出',
  'abnormal-exit': '界面进程异常退出',
  killed: '界面进程被系统结束',
  crashed: '界面进程崩溃',
  oom: '界面进程内存不足',
  'launch-failed': '界面进程启动失败',
  'integrity-failure': '界面代码完整性校验失败',
  'memory-eviction': '界面进程因内存压力被回收',
  hung: '界面长时间无响应，已被结束',
};

export class RendererRecovery {
  private reloads: number[] = [];

  constructor(private readonly options: RecoveryOptions = DEFAULT_RECOVERY) {}

  get hangGraceMs(): number {
    return this.options.hangGraceMs;
  }

  /** The renderer is gone: reload it (and say why), or stop and ask after too many in a row. */
  onGone(reason: string, at: number, exitCode?: number): RecoveryDecision {
    // A clean exit happens when the window closes on purpose: nothing to recover.
    if (reason === 'clean-exit') return { action: 'ignore' };
    const known = (Object.prototype.hasOwnProperty.call(REASON_ZH, reason) ? reason : 'abnormal-exit') as GoneReason;
    this.reloads = this.reloads.filter((t) => at - t < this.options.windowMs);
    const logLine = `renderer gone: ${reason}${exitCode === undefined ? '' : ` (exit code ${exitCode})`}; ${this.reloads.length} reload(s) in the last ${Math.round(this.options.windowMs / 60_000)} min`;
    if (this.reloads.length >= this.options.maxReloads) {
      return {
        action: 'ask',
        notice: `${REASON_ZH[known]}，${Math.round(this.options.windowMs / 60_000)} 分钟内已自动重新载入 ${this.reloads.length} 次仍未恢复。数据已安全保存。请点击“重新载入”再试，若仍失败请联系管理员并提供日志。`,
        logLine: `${logLine}; not reloading again automatically`,
      };
    }
    this.reloads.push(at);
    return {
      action: 'reload',
      notice: `${REASON_ZH[known]}，已自动重新载入。已确认的操作均已保存；正在填写的内容可能需要重新输入。`,
      logLine: `${logLine}; reloading`,
    };
  }

  /** The officer asked to try again after main stopped reloading. */
  reset(): void {
    this.reloads = [];
  }
}
