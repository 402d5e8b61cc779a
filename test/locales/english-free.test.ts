/**
 * No English on zh-CN screens (#19) in two places that showed the server's or the browser's own
 * words: the wall's screen failure (大屏没能载入…, with 重新载入 and the detail folded under 技术信息)
 * and 系统设置 → 语音播报's 试听 failure (无法试听：what happened and what to do). Each sentence is
 * Chinese only and never carries the error's text; the English console gets English.
 */
import { describe, expect, it } from 'vitest';
import { listenFailureText, voiceEnUS, voiceZhCN, type ListenFailure } from '../../renderer/src/components/voice/voice-locales';
import { screenFailure, wallEnUS, wallZhCN } from '../../renderer/src/wall/wall-locales';

/** Chinese, with no Latin letter at all (the wall's rule; 试听's too). */
function expectChineseOnly(text: string): void {
  expect(text, text).toMatch(/[\u4e00-\u9fff]/);
  expect(text, text).not.toMatch(/[A-Za-z]/);
}

const serverEnglish = { code: 'internal', message: 'SQLITE_BUSY: database is locked' };

describe('the wall screen that did not load', () => {
  it('says in Chinese what happened and what to do; the server’s words only in the folded detail', () => {
    const { text, detail } = screenFailure(wallZhCN, serverEnglish);
    expectChineseOnly(text);
    expect(text).toContain('重新载入');
    expect(text).toContain('系统管理员');
    expect(text).not.toContain('SQLITE');
    expectChineseOnly(wallZhCN.screen.retry);
    expectChineseOnly(wallZhCN.screen.details);
    expect(detail).toBe('internal: SQLITE_BUSY: database is locked');
  });

  it('the English console reads English', () => {
    expect(screenFailure(wallEnUS, serverEnglish).text).toMatch(/^The wall did not load/);
  });
});

describe('试听 that failed', () => {
  const failures: ListenFailure[] = [
    { stage: 'synthesis', code: 'disconnected' },
    { stage: 'synthesis', code: 'forbidden' },
    { stage: 'synthesis', code: 'internal' },
    { stage: 'synthesis', code: 'some_new_code' },
    { stage: 'playback' },
  ];

  it('each reads 无法试听：, in Chinese, what happened and what to do next', () => {
    for (const f of failures) {
      const text = listenFailureText(voiceZhCN, f);
      expectChineseOnly(text);
      expect(text).toMatch(/^无法试听：/);
      expect(text).toMatch(/请/);
    }
    expect(listenFailureText(voiceZhCN, { stage: 'synthesis', code: 'disconnected' })).toContain('连接已断开');
    expect(listenFailureText(voiceZhCN, { stage: 'synthesis', code: 'internal' })).toContain('语音合成');
    expect(listenFailureText(voiceZhCN, { stage: 'playback' })).toContain('音箱或耳机');
    // An unknown code is the synthesis sentence, not the code.
    expect(listenFailureText(voiceZhCN, { stage: 'synthesis', code: 'some_new_code' })).toBe(voiceZhCN.listenFailed.synthesis);
  });

  it('the English console reads English, one sentence per failure', () => {
    const texts = failures.map((f) => listenFailureText(voiceEnUS, f));
    for (const t of texts) expect(t).toMatch(/^Cannot play: /);
    expect(new Set(texts).size).toBe(4);
  });
});
