/**
 * A unit test file that replaces a module must run in its own module graph (test/isolated-files.ts):
 * the rest of the suite shares each worker's modules, and a mock left behind would change what the
 * next file tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ISOLATED_FILES } from '../isolated-files';

const ROOT = path.resolve(__dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return rel === 'test/e2e' ? [] : testFiles(rel);
    return entry.name.endsWith('.test.ts') ? [rel] : [];
  });
}

it('every test file that mocks a module is listed as isolated, and every listed file exists and mocks one', () => {
  const mocking = testFiles('test').filter((file) => /\bvi\.(mock|doMock)\(/.test(readFileSync(path.join(ROOT, file), 'utf8')));
  expect(mocking.length).toBeGreaterThan(0);
  expect([...ISOLATED_FILES].sort()).toEqual(mocking.sort());
});
