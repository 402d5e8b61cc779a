/** Pinyin initials for the queue's search: nothing until pinyin-pro is loaded, then the initials. */
import { describe, expect, it } from 'vitest';
import { loadPinyin, pinyinInitials } from '../../renderer/src/lib/pinyin-initials';

describe('pinyin initials, loaded on demand', () => {
  it('answers null before pinyin-pro is loaded and the lower-case initials after', async () => {
    expect(pinyinInitials('森林烟火监测预警')).toBeNull();
    const first = loadPinyin();
    expect(loadPinyin()).toBe(first);
    await first;
    expect(pinyinInitials('森林烟火监测预警')).toBe('slyhjcyj');
    expect(pinyinInitials('乱张贴乱涂写')).toBe('lztltx');
  });
});
