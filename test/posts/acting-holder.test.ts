import { describe, expect, it } from 'vitest';
import { actingHolder, fallbackHolder } from '../../main/core/posts/acting-holder';

describe('AB posts', () => {
  const post = { aPersonId: 'a', bPersonId: 'b' };
  const cases: [string, string[], { personId: string | null; as: 'A' | 'B' | null }][] = [
    ['A available → A', ['a', 'b'], { personId: 'a', as: 'A' }],
    ['A absent → B', ['b'], { personId: 'b', as: 'B' }],
    ['both absent → nobody', [], { personId: null, as: null }],
  ];
  for (const [name, available, expected] of cases) {
    it(name, () => expect(actingHolder(post, (id) => available.includes(id))).toEqual(expected));
  }
  it('falls back to B after an acknowledge timeout only when A held it and B can act', () => {
    expect(fallbackHolder(post, 'A', () => true)).toEqual({ personId: 'b', as: 'B' });
    expect(fallbackHolder(post, 'B', () => true)).toBeNull();
    expect(fallbackHolder(post, 'A', (id) => id !== 'b')).toBeNull();
    expect(fallbackHolder({ aPersonId: 'a', bPersonId: null }, 'A', () => true)).toBeNull();
  });
});
