/**
 * 上级联网: the district link as an administrator sets it — the address, the town code and the token,
 * kept in the console's own data folder (the token apart from the database, protected: Electron's
 * safeStorage where the shell provides it, otherwise a file only this account can read, 0600), a
 * 测试连接 that says what is wrong, and the sync worker started, replaced or stopped without
 * restarting the console. `--upstream URL --token T` on the command line saves the same settings.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { refuse } from '../errors';
import { plainHttpUrl } from '../kernel/urls';
import { SYSTEM, type Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { deleteMeta, getMeta, setMeta } from '../kernel/meta.repository';
import { permit } from '../kernel/permissions';

/** Where the token is kept and how it is protected. */
export interface SecretStore {
  /** `safeStorage`: encrypted with the operating system's key store; `file`: a 0600 file. */
  readonly protection: 'safeStorage' | 'file';
  save(value: string): void;
  load(): string | null;
  clear(): void;
}

/** The token in `<dataDir>/district-token`, readable and writable by this account only (0600). */
export function fileSecretStore(dataDir: string): SecretStore {
  const file = path.join(dataDir, 'district-token');
  return {
    protection: 'file',
    save(value) {
      writeFileSync(file, value, { encoding: 'utf8', mode: 0o600 });
      chmodSync(file, 0o600); // an older file keeps its mode through writeFileSync
    },
    load: () => (existsSync(file) ? readFileSync(file, 'utf8') : null),
    clear: () => rmSync(file, { force: true }),
  };
}

/** An address the console may sync with: http(s), no credentials, query or fragment in it. */
const Upstream = z
  .string()
  .trim()
  .max(500)
  .refine((u) => plainHttpUrl(u) !== null, 'the district address must be an http(s) address with no user, password, query or fragment')
  .transform((u) => u.replace(/\/+$/, ''));
const TownCode = z.string().regex(/^\d{12}$/, 'a town code is 12 digits');
const Token = z.string().trim().min(1, 'the token is empty').max(512);

export const LinkInput = z.strictObject({ upstream: Upstream, townCode: TownCode, token: Token.optional() });
export type LinkInput = z.input<typeof LinkInput>;

export interface LinkSettings {
  readonly upstream: string;
  readonly townCode: string;
}

export interface LinkView {
  readonly configured: boolean;
  readonly upstream: string | null;
  readonly townCode: string | null;
  readonly tokenStored: boolean;
  readonly protection: 'safeStorage' | 'file';
  /** Whether the sync worker runs now. */
  readonly running: boolean;
  /** This console's node id: the district needs it to issue the token. */
  readonly nodeId: string;
}

export type LinkTestFault = 'unreachable' | 'timeout' | 'certificate' | 'unauthorized' | 'wrong_town' | 'wrong_node' | 'not_district' | 'server_error' | 'no_token';
export type LinkTestResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly fault: LinkTestFault; readonly detail: string };

const SETTINGS_KEY = 'district_link';
const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/i;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET']);

/** The innermost error's code and message (fetch wraps the socket's error in `cause`). */
function rootCause(error: unknown): { code: string; message: string } {
  let e: unknown = error;
  for (let i = 0; i < 5 && e && typeof e === 'object' && 'cause' in e && (e as { cause?: unknown }).cause; i += 1) e = (e as { cause: unknown }).cause;
  const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  return { code, message };
}

/**
 * Asks the district for one op of the town (`GET /v1/towns/{town}/ops?after=0&limit=1`): the token
 * (401), the town (403), the address, the certificate and the answer's shape all show in it. Then an
 * empty push as this console's node (what the sync loop's first round sends): a token issued for
 * another node answers 403 there.
 */
export async function testDistrictLink(
  settings: LinkSettings,
  token: string,
  options: { nodeId: string; timeoutMs?: number; fetch?: typeof fetch; now?: () => number },
): Promise<LinkTestResult> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const started = now();
  const base = `${settings.upstream}/v1/towns/${settings.townCode}`;
  const signal = () => AbortSignal.timeout(options.timeoutMs ?? 5000);
  let response: Response;
  try {
    response = await doFetch(`${base}/ops?after=0&limit=1`, { headers: { Authorization: `Bearer ${token}` }, signal: signal() });
  } catch (error) {
    const { code, message } = rootCause(error);
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return { ok: false, fault: 'timeout', detail: message };
    if (TLS_CODES.test(code)) return { ok: false, fault: 'certificate', detail: `${code}: ${message}` };
    if (UNREACHABLE_CODES.has(code)) return { ok: false, fault: 'unreachable', detail: `${code}: ${message}` };
    return { ok: false, fault: 'unreachable', detail: code ? `${code}: ${message}` : message };
  }
  const body = await response.text().catch(() => '');
  const detail = `HTTP ${response.status} ${body.slice(0, 200)}`.trim();
  if (response.status === 401) return { ok: false, fault: 'unauthorized', detail };
  if (response.status === 403) return { ok: false, fault: 'wrong_town', detail };
  if (response.status >= 500) return { ok: false, fault: 'server_error', detail };
  if (!response.ok) return { ok: false, fault: 'not_district', detail };
  try {
    const parsed = JSON.parse(body) as { ops?: unknown };
    if (!Array.isArray(parsed.ops)) return { ok: false, fault: 'not_district', detail: `${detail.slice(0, 80)}: no ops list` };
  } catch {
    return { ok: false, fault: 'not_district', detail: `${detail.slice(0, 80)}: not JSON` };
  }
  try {
    const push = await doFetch(`${base}/ops`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ nodeId: options.nodeId, ops: [] }),
      signal: signal(),
    });
    const pushed = `HTTP ${push.status} ${(await push.text().catch(() => '')).slice(0, 200)}`.trim();
    if (push.status === 403) return { ok: false, fault: 'wrong_node', detail: pushed };
    if (push.status >= 500) return { ok: false, fault: 'server_error', detail: pushed };
    if (!push.ok) return { ok: false, fault: 'not_district', detail: pushed };
  } catch (error) {
    const { code, message } = rootCause(error);
    return { ok: false, fault: 'unreachable', detail: code ? `${code}: ${message}` : message };
  }
  return { ok: true, ms: Math.max(0, now() - started) };
}

/** What the link needs of the core: its own town, and the worker to (re)start. */
export interface LinkHost {
  /** This console's node id: the district issues its token for it. */
  readonly nodeId: string;
  /** The console's town code, or null before the set-up. */
  ownTownCode(): string | null;
  /** Starts the sync worker with these settings (stopping any running one first); null stops it. */
  apply(settings: (LinkSettings & { token: string }) | null): Promise<void>;
  running(): boolean;
}

export class DistrictLink {
  constructor(
    private readonly kernel: Kernel,
    private readonly secrets: SecretStore,
    private readonly host: LinkHost,
  ) {}

  async settings(): Promise<LinkSettings | null> {
    const raw = await this.kernel.read((sql) => getMeta(sql, SETTINGS_KEY));
    if (!raw) return null;
    try {
      const parsed = z.object({ upstream: z.string(), townCode: z.string() }).safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** The saved settings with their token (the worker's options), or null when not linked. */
  async saved(): Promise<(LinkSettings & { token: string }) | null> {
    const settings = await this.settings();
    const token = this.secrets.load();
    return settings && token ? { ...settings, token } : null;
  }

  async view(): Promise<LinkView> {
    const settings = await this.settings();
    const tokenStored = this.secrets.load() !== null;
    return {
      configured: settings !== null && tokenStored,
      upstream: settings?.upstream ?? null,
      townCode: settings?.townCode ?? null,
      tokenStored,
      protection: this.secrets.protection,
      running: this.host.running(),
      nodeId: this.host.nodeId,
    };
  }

  private check(input: unknown): { upstream: string; townCode: string; token?: string } {
    const parsed = LinkInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      refuse('invalid', `${issue.path.join('.') || 'link'}: ${issue.message}`, { field: String(issue.path[0] ?? '') });
    }
    const own = this.host.ownTownCode();
    if (own && parsed.data.townCode !== own) refuse('town_code_mismatch', `this console is town ${own}, not ${parsed.data.townCode}`, { expected: own });
    return parsed.data;
  }

  /** 测试连接, with the token typed in or (absent) the one kept. Changes nothing. */
  async test(actor: Actor, input: unknown, options: { fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<LinkTestResult> {
    permit(actor, 'manageLink');
    const { upstream, townCode, token } = this.check(input);
    const use = token ?? this.secrets.load();
    if (!use) return { ok: false, fault: 'no_token', detail: 'no token typed in and none kept' };
    return testDistrictLink({ upstream, townCode }, use, { ...options, nodeId: this.host.nodeId });
  }

  /** Saves the link (audited, never the token itself) and (re)starts sync with it. */
  async save(actor: Actor, input: unknown): Promise<LinkView> {
    permit(actor, 'manageLink');
    const { upstream, townCode, token } = this.check(input);
    if (!token && this.secrets.load() === null) refuse('invalid', 'token: a token is needed the first time', { field: 'token' });
    await this.kernel.run(
      { name: 'link.save', actor, audit: { entity: 'settings', entityId: SETTINGS_KEY, detail: { upstream, townCode, tokenChanged: token !== undefined } } },
      async (tx) => {
        await setMeta(tx.sql, SETTINGS_KEY, JSON.stringify({ upstream, townCode }));
        // Kept inside the command: a failed write of the token leaves the old settings too.
        if (token) this.secrets.save(token);
      },
    );
    await this.host.apply(await this.saved());
    return this.view();
  }

  /** Stops sync and forgets the link (the outbox keeps every local op for a later link). */
  async remove(actor: Actor): Promise<LinkView> {
    permit(actor, 'manageLink');
    await this.kernel.run({ name: 'link.remove', actor, audit: { entity: 'settings', entityId: SETTINGS_KEY, detail: {} } }, async (tx) => {
      await deleteMeta(tx.sql, SETTINGS_KEY);
      this.secrets.clear();
    });
    await this.host.apply(null);
    return this.view();
  }

  /**
   * `--upstream URL --token T [--town CODE]`: saved as the page would (by the system, audited) and the
   * worker (re)started with it. The town code defaults to the console's own; without a token the one
   * kept is used.
   */
  async useFromCommandLine(input: { upstream: string; token?: string; townCode?: string }): Promise<LinkView> {
    const townCode = input.townCode ?? this.host.ownTownCode();
    if (!townCode) refuse('invalid', 'townCode: before the set-up, give the town code too (--town)', { field: 'townCode' });
    const { upstream, token } = this.check({ upstream: input.upstream, townCode, ...(input.token !== undefined ? { token: input.token } : {}) });
    if (!token && this.secrets.load() === null) refuse('invalid', 'token: give the district token too (--token)', { field: 'token' });
    await this.kernel.run(
      {
        name: 'link.save',
        actor: SYSTEM,
        audit: { entity: 'settings', entityId: SETTINGS_KEY, detail: { upstream, townCode, tokenChanged: token !== undefined, from: 'command_line' } },
      },
      async (tx) => {
        await setMeta(tx.sql, SETTINGS_KEY, JSON.stringify({ upstream, townCode }));
        if (token) this.secrets.save(token);
      },
    );
    await this.host.apply(await this.saved());
    return this.view();
  }
}
