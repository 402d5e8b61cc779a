/**
 * The pinyin initials of a Chinese text, as officers type them to find something (`slx` for
 * 石榴巷): one lowercase letter per Chinese character (pinyin-pro picks the reading from context),
 * Latin letters and digits kept in lowercase, everything else dropped. The catalogue's item search
 * and the history search (main/core/history) index titles by these.
 */
import { pinyin } from 'pinyin-pro';

export function pinyinInitials(text: string): string {
  if (!text) return '';
  return pinyin(text, { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
