/**
 * Password hashing with scrypt (Node's built-in memory-hard KDF). The cost is stored in the hash so
 * it can be raised later without invalidating old hashes.
 */
import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** One scrypt run's parameters: what a check costs (the same for a known and an unknown user). */
export interface KdfWork {
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly keyLength: number;
  readonly saltLength: number;
}

const observers = new Set<(work: KdfWork) => void>();

/** Called with the parameters of every scrypt run (tests count the work done). */
export function observeKdf(observer: (work: KdfWork) => void): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions & { N: number; r: number; p: number }): Promise<Buffer> {
  for (const observer of observers) observer({ N: options.N, r: options.r, p: options.p, keyLength: keylen, saltLength: salt.length });
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** log2 of scrypt's N. 15 → 32 MiB and ~100 ms per hash on the workstation class of machine. */
export const DEFAULT_KDF_LOG_N = 15;

export async function hashPassword(password: string, logN = DEFAULT_KDF_LOG_N): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** logN;
  const key = await scrypt(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 });
  return `scrypt$${logN}$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface Parsed {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, logN, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
  const parsed = { logN: Number(logN), r: Number(r), p: Number(p), salt: Buffer.from(saltB64, 'base64'), key: Buffer.from(keyB64, 'base64') };
  if (![parsed.logN, parsed.r, parsed.p].every((n) => Number.isInteger(n) && n > 0) || parsed.logN > 20 || parsed.key.length === 0) return null;
  return parsed;
}

/** The cost part of a stored hash (`scrypt$15$8$1`), or null when it is not one of ours. */
export function kdfParams(stored: string): string | null {
  const parsed = parse(stored);
  return parsed ? `scrypt$${parsed.logN}$${parsed.r}$${parsed.p}$${parsed.salt.length}$${parsed.key.length}` : null;
}

/**
 * A hash of nothing anybody knows, with the given hash's parameters (salt and key of the same length):
 * what an unknown username is checked against, so it costs exactly the work of a known one.
 */
export function dummyHashLike(stored: string): string {
  const parsed = parse(stored) ?? parse(`scrypt$${DEFAULT_KDF_LOG_N}$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`)!;
  return `scrypt$${parsed.logN}$${parsed.r}$${parsed.p}$${randomBytes(parsed.salt.length).toString('base64')}$${randomBytes(parsed.key.length).toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const N = 2 ** parsed.logN;
  const key = await scrypt(password.normalize('NFKC'), parsed.salt, parsed.key.length, { N, r: parsed.r, p: parsed.p, maxmem: 256 * N * parsed.r });
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** A one-time password an administrator hands over: 12 characters without look-alikes (0/O, 1/l/I). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += alphabet[randomInt(alphabet.length)];
    if (i === 3 || i === 7) out += '-';
  }
  return out;
}
