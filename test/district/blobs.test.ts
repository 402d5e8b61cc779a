/**
 * Conformance of the reference district server's blob endpoints (PROTOCOL.md v1.1 "Attachments"):
 * PUT, GET and HEAD of /v1/towns/{townCode}/blobs/{sha256}, against a real server (127.0.0.1,
 * ephemeral port, fresh data dir) over real HTTP.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_TOWN, TOKENS, TOWN, bearer, startFresh, type Harness } from './district-test-kit';

let h: Harness;

beforeEach(async () => {
  h = await startFresh({ maxBlobBytes: 64 * 1024 });
});

afterEach(async () => {
  await h.close();
});

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

function blobUrl(hash: string, town = TOWN): string {
  return `${h.url}/v1/towns/${town}/blobs/${hash}`;
}

function put(hash: string, body: Buffer, token: string | null = TOKENS.console_a, town = TOWN): Promise<Response> {
  return fetch(blobUrl(hash, town), { method: 'PUT', headers: token ? bearer(token) : {}, body: new Uint8Array(body) });
}

describe('PUT /v1/towns/{townCode}/blobs/{sha256}', () => {
  it('stores a blob (201), then answers 200 for the same bytes again (idempotent)', async () => {
    const bytes = randomBytes(5000);
    const first = await put(sha(bytes), bytes);
    expect(first.status).toBe(201);
    expect(first.headers.get('x-server-time')).toBeTruthy();
    const again = await put(sha(bytes), bytes, TOKENS.console_b);
    expect(again.status).toBe(200);
    // Kept on disk under the data dir, by town and content address, with no temp file left.
    const dir = path.join(h.dataDir, 'blobs', TOWN);
    expect(readdirSync(dir)).toEqual([sha(bytes)]);
    expect(readFileSync(path.join(dir, sha(bytes))).equals(bytes)).toBe(true);
  });

  it('refuses a body whose SHA-256 is not the path (400) and keeps nothing', async () => {
    const bytes = randomBytes(100);
    const wrong = sha(Buffer.from('something else'));
    const res = await put(wrong, bytes);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('sha256_mismatch');
    expect((await fetch(blobUrl(wrong), { method: 'HEAD', headers: bearer(TOKENS.console_a) })).status).toBe(404);
    expect(readdirSync(path.join(h.dataDir, 'blobs', TOWN))).toEqual([]);
  });

  it('refuses a path that is not 64 lowercase hex digits (400)', async () => {
    const bytes = Buffer.from('x');
    for (const bad of ['abc', sha(bytes).toUpperCase(), `${sha(bytes)}0`, 'z'.repeat(64)]) {
      const res = await put(bad, bytes);
      expect(res.status, bad).toBe(400);
    }
    expect((await fetch(blobUrl('abc'), { headers: bearer(TOKENS.console_a) })).status).toBe(400);
  });

  it('answers 413 over the bound, whether declared or streamed, and keeps nothing', async () => {
    const big = randomBytes(64 * 1024 + 1);
    const declared = await put(sha(big), big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { maxBlobBytes: number }).maxBlobBytes).toBe(64 * 1024);

    // Chunked (no Content-Length): the server reads it as a stream and stops keeping it at the bound.
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(blobUrl(sha(big)), { method: 'PUT', headers: { ...bearer(TOKENS.console_a), 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 4096) req.write(big.subarray(i, i + 4096));
      req.end();
    });
    expect(status).toBe(413);
    const dir = path.join(h.dataDir, 'blobs', TOWN);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('checks the token (401) and the town (403) as every endpoint does', async () => {
    const bytes = randomBytes(10);
    expect((await put(sha(bytes), bytes, null)).status).toBe(401);
    expect((await put(sha(bytes), bytes, 'no-such-token')).status).toBe(401);
    expect((await put(sha(bytes), bytes, TOKENS.other_town)).status).toBe(403);
    expect((await put(sha(bytes), bytes, TOKENS.console_a, OTHER_TOWN)).status).toBe(403);
    expect((await fetch(blobUrl(sha(bytes)))).status).toBe(401);
  });

  it('answers 405 to another method', async () => {
    const res = await fetch(blobUrl(sha(Buffer.from('x'))), { method: 'POST', headers: bearer(TOKENS.console_a), body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PUT');
  });
});

describe('GET and HEAD /v1/towns/{townCode}/blobs/{sha256}', () => {
  it('serve the bytes (GET), the size alone (HEAD), or 404', async () => {
    const bytes = randomBytes(40_000);
    const hash = sha(bytes);
    expect((await fetch(blobUrl(hash), { headers: bearer(TOKENS.console_b) })).status).toBe(404);
    expect((await fetch(blobUrl(hash), { method: 'HEAD', headers: bearer(TOKENS.console_b) })).status).toBe(404);
    expect((await put(hash, bytes)).status).toBe(201);

    const got = await fetch(blobUrl(hash), { headers: bearer(TOKENS.console_b) });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);

    const head = await fetch(blobUrl(hash), { method: 'HEAD', headers: bearer(TOKENS.district) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it("keep each town's blobs to itself: another town's token is refused, and its own town never sees them", async () => {
    const bytes = randomBytes(64);
    expect((await put(sha(bytes), bytes)).status).toBe(201);
    expect((await fetch(blobUrl(sha(bytes)), { headers: bearer(TOKENS.other_town) })).status).toBe(403);
    expect((await fetch(blobUrl(sha(bytes), OTHER_TOWN), { headers: bearer(TOKENS.other_town) })).status).toBe(404);
  });

  it('keep blobs across a restart', async () => {
    const bytes = randomBytes(1000);
    expect((await put(sha(bytes), bytes)).status).toBe(201);
    await h.restart();
    const got = await fetch(blobUrl(sha(bytes)), { headers: bearer(TOKENS.console_a) });
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await put(sha(bytes), bytes)).status).toBe(200);
  });
});
