import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES } from '../../preload/contract/channels';
import { API } from '../../preload/contract/api';

describe('contract', () => {
  it('the preload channel list equals the API table', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(API).sort());
  });
});
