/**
 * The update feed as this program reads it: electron-builder's channel file (`latest.yml` for
 * Windows, `latest-linux.yml` for Linux) on the district's plain HTTP(S) server. Read here, in
 * Node, so that the update policy decides on what the feed offers before electron-updater (in the
 * shell) downloads anything; the same files electron-updater reads, parsed with the same library.
 */
import http from 'node:http';
import https from 'node:https';
import { load } from 'js-yaml';
import { valid } from 'semver';
import { z } from 'zod';

/** One release as the feed describes it. */
export interface OfferedUpdate {
  readonly version: string;
  readonly releaseDate: string | null;
  /** The installer's file name (or URL) relative to the feed, with its size and SHA-512. */
  readonly files: readonly { readonly url: string; readonly sha512: string; readonly size: number | null }[];
  readonly releaseNotes: string | null;
  /** electron-builder's staged roll-out share (0–100), when the server sets one. */
  readonly stagingPercentage: number | null;
}

const FileEntry = z.object({ url: z.string().min(1), sha512: z.string().min(1), size: z.number().int().nonnegative().optional() });

const LatestYml = z.object({
  version: z.string({ message: 'version must be a string (quote it)' }).min(1),
  files: z.array(FileEntry).optional(),
  path: z.string().optional(),
  sha512: z.string().optional(),
  releaseDate: z.union([z.string(), z.date()]).optional(),
  releaseNotes: z.unknown().optional(),
  stagingPercentage: z.number().min(0).max(100).optional(),
});

export class FeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedError';
  }
}

/** The channel file electron-updater's generic provider asks for on this platform. */
export function channelFileName(platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  if (platform === 'linux') return arch === 'x64' ? 'latest-linux.yml' : `latest-linux-${arch}.yml`;
  if (platform === 'darwin') return 'latest-mac.yml';
  return 'latest.yml';
}

/** Parses a channel file; anything that is not a usable release description is refused with why. */
export function parseLatestYml(text: string): OfferedUpdate {
  let raw: unknown;
  try {
    raw = load(text);
  } catch (error) {
    throw new FeedError(`the update feed is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const parsed = LatestYml.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new FeedError(`the update feed's file is malformed: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const y = parsed.data;
  if (!valid(y.version)) throw new FeedError(`the update feed offers version "${y.version}", which is not a semantic version`);
  const files = y.files?.map((f) => ({ url: f.url, sha512: f.sha512, size: f.size ?? null })) ?? (y.path && y.sha512 ? [{ url: y.path, sha512: y.sha512, size: null }] : []);
  if (files.length === 0) throw new FeedError('the update feed names no installer file (files/path with sha512)');
  const releaseDate = y.releaseDate instanceof Date ? y.releaseDate.toISOString() : (y.releaseDate ?? null);
  const notes = y.releaseNotes;
  const releaseNotes = typeof notes === 'string' ? notes : Array.isArray(notes) ? notes.map((n: { note?: unknown }) => String(n?.note ?? '')).join('\n') : null;
  return { version: y.version, releaseDate, files, releaseNotes, stagingPercentage: y.stagingPercentage ?? null };
}

/** `base` + `name`, whether or not the base ends with a slash. */
export function feedFileUrl(feedUrl: string, name: string): string {
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  return new URL(name, base).toString();
}

export interface FetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

/** GETs a small text file over HTTP(S): a timeout, a size cap, no redirects to elsewhere. */
export function fetchText(url: string, options: FetchOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new FeedError(`not a URL: ${url}`));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : null;
    if (!client) {
      reject(new FeedError(`the update feed must be http or https, not ${parsed.protocol}`));
      return;
    }
    const req = client.get(parsed, { headers: { 'Cache-Control': 'no-cache', Accept: 'application/x-yaml, text/yaml, text/plain, */*' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new FeedError(`the update feed answered ${res.statusCode} for ${url}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          req.destroy(new FeedError(`the update feed's file is larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new FeedError(`the update feed did not answer within ${timeoutMs} ms`)));
    req.on('error', (error) => reject(error instanceof FeedError ? error : new FeedError(`the update feed could not be reached: ${error.message}`)));
  });
}

/** Reads what the feed offers for this platform. */
export async function readFeed(feedUrl: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch, options: FetchOptions = {}): Promise<OfferedUpdate> {
  return parseLatestYml(await fetchText(feedFileUrl(feedUrl, channelFileName(platform, arch)), options));
}
