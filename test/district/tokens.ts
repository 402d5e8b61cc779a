/**
 * The tokens file of the reference server (PROTOCOL.md "Basics"): token → town, node, role.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const tokenSchema = z.object({
  townCode: z.string().min(1),
  nodeId: z.string().min(1),
  role: z.enum(['console', 'district']).optional(),
});
const tokensSchema = z.record(z.string().min(1), tokenSchema);

export type TokenEntry = z.infer<typeof tokenSchema>;
export type TokenTable = Readonly<Record<string, TokenEntry>>;

export interface Principal {
  readonly townCode: string;
  readonly nodeId: string;
  readonly role: 'console' | 'district';
}

export function parseTokens(value: unknown): Map<string, Principal> {
  const table = tokensSchema.parse(value);
  const principals = new Map<string, Principal>();
  for (const [token, entry] of Object.entries(table)) {
    principals.set(token, { townCode: entry.townCode, nodeId: entry.nodeId, role: entry.role ?? 'console' });
  }
  return principals;
}

export function loadTokensFile(file: string): Map<string, Principal> {
  return parseTokens(JSON.parse(readFileSync(file, 'utf8')));
}
