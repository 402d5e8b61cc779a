/**
 * The renderer's one way to main: `window.dutyDesk` from the Electron preload, or, in a plain
 * browser (the web console), the same methods over the loopback WebSocket. Callers cannot tell
 * the two apart.
 */
import { CHANNEL_NAMES } from '../../preload/contract/channels';
import type { DutyDeskApi, FeedMessage } from '../../preload/contract';

declare global {
  interface Window {
    dutyDesk?: DutyDeskApi;
  }
}

const TOKEN_KEY = 'duty-desk-token';

/** Takes the token from `?token=` once, keeps it for this tab, and removes it from the address bar. */
function webToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

type Pending = { resolve: (value: unknown) => void };

class WebSocketBridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queued: string[] = [];
  private readonly feedListeners = new Set<(m: FeedMessage) => void>();
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  private readonly refusedListeners = new Set<() => void>();
  private retryMs = 250;
  connected = false;
  /** The console said this page's token opens nothing (a revoked or wrong wall address, a console restarted with a new token): no more retries. */
  refused = false;

  constructor(private readonly token: string) {
    this.connect();
  }

  private connect(): void {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(this.token)}`);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.retryMs = 250;
      this.connected = true;
      this.statusListeners.forEach((l) => l(true));
      for (const message of this.queued.splice(0)) socket.send(message);
    };
    socket.onmessage = (event: MessageEvent<string>) => {
      const message = JSON.parse(event.data) as { id?: number; result?: unknown; feed?: FeedMessage };
      if (message.feed) {
        this.feedListeners.forEach((l) => l(message.feed!));
        return;
      }
      if (typeof message.id === 'number') {
        this.pending.get(message.id)?.resolve(message.result);
        this.pending.delete(message.id);
      }
    };
    socket.onclose = (event: CloseEvent) => {
      this.connected = false;
      this.statusListeners.forEach((l) => l(false));
      // Calls in flight on a lost socket fail as data; the session is gone with the socket.
      for (const [id, p] of this.pending) {
        p.resolve({ ok: false, error: { code: 'disconnected', message: 'connection to the console lost' } });
        this.pending.delete(id);
      }
      const retry = (): void => {
        setTimeout(() => this.connect(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, 5000);
      };
      // Closed as revoked, or refused before it opened: ask the console whether the token still opens
      // anything (a browser cannot see the refused upgrade's status). A console that does not answer
      // is away, not refusing: keep trying.
      if (event.code === 4001 || !opened) {
        void this.tokenRefused().then((refused) => {
          if (!refused) return retry();
          this.refused = true;
          this.refusedListeners.forEach((l) => l());
        });
      } else retry();
    };
  }

  private async tokenRefused(): Promise<boolean> {
    try {
      const answer = await fetch(`/ws?token=${encodeURIComponent(this.token)}`, { cache: 'no-store' });
      return answer.status === 401;
    } catch {
      return false;
    }
  }

  onRefused(listener: () => void): () => void {
    this.refusedListeners.add(listener);
    return () => this.refusedListeners.delete(listener);
  }

  call(channel: string, request: unknown): Promise<unknown> {
    const id = this.nextId++;
    const text = JSON.stringify({ id, channel, args: request ?? {} });
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
      else this.queued.push(text);
    });
  }

  onFeed(listener: (m: FeedMessage) => void): () => void {
    this.feedListeners.add(listener);
    return () => this.feedListeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

let bridge: WebSocketBridge | null = null;

function buildWebApi(): DutyDeskApi {
  const token = webToken();
  if (!token) throw new Error('missing token: open the console with the address printed by `npm start`');
  bridge = new WebSocketBridge(token);
  const api: Record<string, unknown> = {};
  for (const channel of CHANNEL_NAMES) {
    const [group, method] = channel.split(':') as [string, string];
    const target = (api[group] ??= {}) as Record<string, (request: unknown) => Promise<unknown>>;
    target[method] = (request: unknown) => bridge!.call(channel, request);
  }
  api.onFeed = (listener: (m: FeedMessage) => void) => bridge!.onFeed(listener);
  return api as unknown as DutyDeskApi;
}

export const api: DutyDeskApi = window.dutyDesk ?? buildWebApi();

/** Connection state of the web console's socket (always connected inside Electron). */
export function onConnection(listener: (connected: boolean) => void): () => void {
  return bridge ? bridge.onStatus(listener) : () => undefined;
}

/** The console refused this page's token for good (web console only): the page says what to do instead of connecting for ever. */
export function onTokenRefused(listener: () => void): () => void {
  return bridge ? bridge.onRefused(listener) : () => undefined;
}

export function isTokenRefused(): boolean {
  return bridge ? bridge.refused : false;
}

/** Whether the console can reach main now (inside Electron: always). */
export function isConnected(): boolean {
  return bridge ? bridge.connected : true;
}
