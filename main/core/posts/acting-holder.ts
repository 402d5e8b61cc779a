/**
 * The AB-post rule: who acts for a post at a moment. Derived, never stored. The roster issue adds
 * shifts and absences as inputs; the rule table stays the one place that decides.
 */
export interface AbPost {
  readonly aPersonId: string | null;
  readonly bPersonId: string | null;
}

export interface ActingHolder {
  readonly personId: string | null;
  readonly as: 'A' | 'B' | null;
}

/** In order: the first rule whose condition holds decides. */
export const AB_RULES: ReadonlyArray<{
  readonly rule: string;
  readonly applies: (post: AbPost, available: (id: string) => boolean) => boolean;
  readonly acting: (post: AbPost) => ActingHolder;
}> = [
  {
    rule: 'A is available → A',
    applies: (p, available) => p.aPersonId !== null && available(p.aPersonId),
    acting: (p) => ({ personId: p.aPersonId, as: 'A' }),
  },
  {
    rule: 'A is absent, B is available → B',
    applies: (p, available) => p.bPersonId !== null && available(p.bPersonId),
    acting: (p) => ({ personId: p.bPersonId, as: 'B' }),
  },
  {
    rule: 'neither can act → nobody (the duty leader is alarmed)',
    applies: () => true,
    acting: () => ({ personId: null, as: null }),
  },
];

export function actingHolder(post: AbPost, available: (personId: string) => boolean): ActingHolder {
  for (const row of AB_RULES) if (row.applies(post, available)) return row.acting(post);
  return { personId: null, as: null };
}

/** The holder after an acknowledge timeout: B if A held it and B can act; otherwise nobody new. */
export function fallbackHolder(post: AbPost, current: 'A' | 'B' | null, available: (id: string) => boolean): ActingHolder | null {
  if (current === 'A' && post.bPersonId !== null && available(post.bPersonId)) {
    return { personId: post.bPersonId, as: 'B' };
  }
  return null;
}
