/**
 * The unit test files that replace a module (vi.mock, vi.doMock): each runs in a fresh module graph.
 * Every other file shares its worker's modules (vitest.config.mts, isolate: false), so a file that
 * mocks a module and is not listed here would leak its mock into the files after it in that worker;
 * test/product/isolated-files.test.ts fails when one is missing.
 */
export const ISOLATED_FILES = ['test/kernel/sqlite-engine-refusal.test.ts', 'test/product/app-scheme.test.ts', 'test/wall/wall-windows.test.ts'];
