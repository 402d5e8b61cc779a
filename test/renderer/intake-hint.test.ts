/**
 * The intake form's hint gives an example of pinyin initials: typed as the hint says, it must find the
 * item the hint names (it once said 「如 slxh」, which matched nothing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enUS } from '../../renderer/src/locales/en-US';
import { zhCN } from '../../renderer/src/locales/zh-CN';
import { makeCore, type TestCore } from '../support/core';

describe('the intake hint’s example', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await makeCore();
  });
  afterAll(async () => {
    await t.close();
  });

  for (const [language, hint] of [
    ['zh-CN', zhCN.intake.itemPlaceholder],
    ['en-US', enUS.intake.itemPlaceholder],
  ] as const) {
    it(`${language}: the initials it shows find the item it names, first, in the catalogue the demo console searches`, () => {
      const example = /([a-z]{2,})\s*[（(]([^）)]+)[）)]/.exec(hint);
      expect(example, hint).not.toBeNull();
      const [, initials, name] = example!;
      expect(t.core.town.searchCatalogue(initials!, 5)[0]?.name).toBe(name);
    });
  }
});
