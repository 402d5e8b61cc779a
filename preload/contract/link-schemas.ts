/**
 * 上级联网 (administrators): the district's address, the town code and the token; 测试连接. The core
 * checks the values themselves (main/core/sync/district-link.ts) and refuses with the field at fault.
 */
import { z } from 'zod';

export const LinkRequest = z.strictObject({
  upstream: z.string().max(500),
  townCode: z.string().max(12),
  /** Absent: keep (or test with) the token already kept. Never sent back. */
  token: z.string().max(512).optional(),
});
export type LinkRequest = z.infer<typeof LinkRequest>;

export const LinkView = z.object({
  configured: z.boolean(),
  upstream: z.string().nullable(),
  townCode: z.string().nullable(),
  tokenStored: z.boolean(),
  /** How the token is kept: the system's key store (Electron safeStorage) or a file only this account reads. */
  protection: z.enum(['safeStorage', 'file']),
  running: z.boolean(),
  /** This console's node id: the district needs it to issue the token. */
  nodeId: z.string(),
});
export type LinkView = z.infer<typeof LinkView>;

export const LinkTestFault = z.enum(['unreachable', 'timeout', 'certificate', 'unauthorized', 'wrong_town', 'wrong_node', 'not_district', 'server_error', 'no_token']);
export type LinkTestFault = z.infer<typeof LinkTestFault>;

export const LinkTestResult = z.union([z.object({ ok: z.literal(true), ms: z.number() }), z.object({ ok: z.literal(false), fault: LinkTestFault, detail: z.string() })]);
export type LinkTestResult = z.infer<typeof LinkTestResult>;
