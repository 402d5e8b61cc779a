/**
 * Who may see the wall: per-screen viewer tokens (read-only, revocable; only their hash is kept),
 * the in-memory tokens of the desktop's own wall windows, the viewer actor a token-bound
 * connection acts as, and the permission check that also refuses a revoked viewer.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../../../preload/contract/schemas';
import type { IssuedWallToken, WallDefinition, WallToken } from '../../../preload/contract/wall-schemas';
import { refuse } from '../errors';
import type { Actor } from '../kernel/actor';
import type { Kernel } from '../kernel/command-runner';
import { withCommandScope } from '../kernel/command-scope';
import { permit, type Permission } from '../kernel/permissions';
import { WallRepository, type TokenRecord } from './wall.repository';

/** What a wall viewer's connection is bound to: one layout, the screens it may show. */
export interface WallBinding {
  readonly tokenId: string;
  readonly layoutId: string;
  readonly screenIds: readonly string[];
  /** A token minted in memory for the desktop's own wall windows (never stored, gone at exit). */
  readonly local: boolean;
}

const VIEWER_PREFIX = 'wall-token:';
const TOKEN_PREFIX = 'wt_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class WallAccess {
  /** Live tokens by hash (loaded at start, kept current by every change). */
  private readonly byHash = new Map<string, WallBinding>();
  private readonly byId = new Map<string, WallBinding>();
  private readonly revokeListeners = new Set<(tokenIds: readonly string[]) => void>();
  private readonly lastTouch = new Map<string, number>();

  constructor(
    private readonly kernel: Kernel,
    private readonly repo: WallRepository,
    private readonly personName: (id: string | null) => string | null,
  ) {}

  async init(): Promise<void> {
    for (const t of await this.kernel.read((sql) => this.repo.tokens(sql))) this.remember(t);
  }

  /** The role check, and a viewer whose token was revoked is no longer anyone. */
  permit(actor: Actor, permission: Permission): void {
    permit(actor, permission);
    if (actor.id.startsWith(VIEWER_PREFIX) && !this.byId.has(actor.id.slice(VIEWER_PREFIX.length))) {
      refuse('unauthenticated', 'this wall token has been revoked');
    }
  }

  private remember(t: TokenRecord): void {
    const binding: WallBinding = { tokenId: t.id, layoutId: t.layout_id, screenIds: [t.screen_id], local: false };
    this.byHash.set(t.token_hash, binding);
    this.byId.set(t.id, binding);
  }

  /** Tokens that stop being valid: dropped, and the front doors told (they close those connections). */
  forget(tokenIds: readonly string[]): void {
    if (tokenIds.length === 0) return;
    const gone = new Set(tokenIds);
    for (const [hash, b] of this.byHash) if (gone.has(b.tokenId)) this.byHash.delete(hash);
    for (const id of tokenIds) this.byId.delete(id);
    for (const listener of [...this.revokeListeners]) listener(tokenIds);
  }

  async tokens(actor: Actor, layoutId: string): Promise<WallToken[]> {
    this.permit(actor, 'manageWall');
    const rows = await this.kernel.read((sql) => this.repo.tokens(sql, layoutId));
    return rows.map((t) => ({
      id: t.id,
      layoutId: t.layout_id,
      screenId: t.screen_id,
      label: t.label,
      createdAt: t.created_at,
      createdByName: this.personName(t.created_by),
      revokedAt: t.revoked_at,
      lastSeenAt: t.last_seen_at,
    }));
  }

  /** A new read-only token for one screen of a layout; the token is returned once. */
  async issueToken(actor: Actor, layoutId: string, screenId: string, label?: string): Promise<IssuedWallToken> {
    this.permit(actor, 'manageWall');
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    // Never replayed by a client command id: a replay could not return the token (only its hash is
    // kept, never the token itself), so a repeated request issues a new one, as it always did.
    const tokenId = await withCommandScope({}, () =>
      this.kernel.run({ name: 'wall.token_issued', actor, audit: false }, async (tx) => {
        const record: TokenRecord = {
          id: randomUUID(),
          layout_id: layoutId,
          screen_id: screenId,
          token_hash: hashToken(token),
          label: label?.trim() || screenId,
          created_by: actor.id,
          created_at: tx.at,
          revoked_at: null,
          revoked_by: null,
          last_seen_at: null,
        };
        const layout = await this.repo.layout(tx.sql, layoutId);
        if (!layout) refuse('not_found', `no wall layout ${layoutId}`, { id: layoutId });
        const current = await this.repo.version(tx.sql, layoutId, layout.version);
        if (!current || !(JSON.parse(current.definition) as WallDefinition).screens.some((s) => s.id === screenId)) {
          refuse('not_found', `wall layout ${layoutId} has no screen ${screenId}`, { id: screenId });
        }
        await this.repo.insertToken(tx.sql, record);
        await tx.audit('wall.token_issued', 'wall', record.id, { layoutId, screenId, label: record.label });
        tx.afterCommit(() => this.remember(record));
        tx.emit({ topic: 'wall', layoutId });
        return record.id;
      }),
    );
    return { tokenId, token, path: `/wall/${encodeURIComponent(layoutId)}/${encodeURIComponent(screenId)}?token=${token}` };
  }

  async revokeToken(actor: Actor, tokenId: string): Promise<void> {
    this.permit(actor, 'manageWall');
    await this.kernel.run({ name: 'wall.token_revoked', actor, audit: false }, async (tx) => {
      const t = await this.repo.token(tx.sql, tokenId);
      if (!t) refuse('not_found', `no wall token ${tokenId}`, { id: tokenId });
      if (t.revoked_at) refuse('already_decided', `wall token ${tokenId} is already revoked`);
      await this.repo.revokeToken(tx.sql, tokenId, actor.id, tx.at);
      await tx.audit('wall.token_revoked', 'wall', tokenId, { layoutId: t.layout_id, screenId: t.screen_id });
      tx.afterCommit(() => this.forget([tokenId]));
      tx.emit({ topic: 'wall', layoutId: t.layout_id });
    });
  }

  /** The binding of a presented token, or null (unknown, revoked, malformed). Cheap: a hash and a lookup. */
  verifyToken(token: string | null | undefined): WallBinding | null {
    if (!token || token.length > 128) return null;
    return this.byHash.get(hashToken(token)) ?? null;
  }

  /** A token for the desktop's own wall window, valid until the program exits. */
  issueLocalToken(layoutId: string, screenIds: readonly string[]): string {
    const token = `${TOKEN_PREFIX}local_${randomBytes(24).toString('base64url')}`;
    const binding: WallBinding = { tokenId: `local-${randomUUID()}`, layoutId, screenIds: [...screenIds], local: true };
    this.byHash.set(hashToken(token), binding);
    this.byId.set(binding.tokenId, binding);
    return token;
  }

  /** Drops in-memory tokens of desktop windows that closed. */
  dropLocalToken(token: string): void {
    const binding = this.byHash.get(hashToken(token));
    if (binding?.local) this.forget([binding.tokenId]);
  }

  /** The actor a token-bound connection acts as: a wall viewer, nothing more. */
  viewerActor(binding: WallBinding): Actor {
    return { id: `${VIEWER_PREFIX}${binding.tokenId}`, roles: ['wall_viewer'] as Role[] };
  }

  /** The binding behind a viewer actor, or null for a person (or a revoked token). */
  bindingOf(actor: Actor): WallBinding | null {
    return actor.id.startsWith(VIEWER_PREFIX) ? (this.byId.get(actor.id.slice(VIEWER_PREFIX.length)) ?? null) : null;
  }

  /** Called with the ids of tokens that stop being valid, so front doors can close their connections. */
  onRevoked(listener: (tokenIds: readonly string[]) => void): () => void {
    this.revokeListeners.add(listener);
    return () => this.revokeListeners.delete(listener);
  }

  /** Notes when a token's screen was last connected (at most once a minute per token). */
  async touch(binding: WallBinding): Promise<void> {
    if (binding.local) return;
    const nowMs = this.kernel.clock.now().getTime();
    if ((this.lastTouch.get(binding.tokenId) ?? -Infinity) > nowMs - 60_000) return;
    this.lastTouch.set(binding.tokenId, nowMs);
    // Housekeeping beside a read: no audit, never under the reader's command id.
    await withCommandScope({}, () =>
      this.kernel.run({ name: 'wall.token_seen', actor: this.viewerActor(binding), audit: false }, (tx) =>
        this.repo.touchToken(tx.sql, binding.tokenId, new Date(nowMs).toISOString()),
      ),
    );
  }
}
