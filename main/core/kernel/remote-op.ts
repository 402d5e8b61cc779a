/** An op made on another node (the district, or another console of the town), as sync hands it to the feature that owns its entity. */
export interface RemoteOp {
  readonly opId: string;
  readonly nodeId: string;
  readonly hlc: string;
  readonly entity: string;
  readonly entityId: string;
  readonly kind: 'action' | 'upsert';
  readonly action?: string;
  readonly payload: Record<string, unknown>;
  readonly at: string;
}
