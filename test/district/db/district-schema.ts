/**
 * TypeORM's picture of the district tables (created by migrations, never by synchronize).
 * EntitySchema rather than decorators: no reliance on emitted decorator metadata under tsx/vitest.
 * The hot paths use batched SQL through the same DataSource (see district-store.ts).
 */
import { EntitySchema } from 'typeorm';

export interface OpRow {
  townCode: string;
  serverSeq: number;
  opId: string;
  nodeId: string;
  seq: number;
  hlc: string;
  entity: string;
  entityId: string;
  kind: string;
  action: string | null;
  baseVersion: number | null;
  payload: string;
  at: string;
  receivedAt: string;
}

export interface OpResultRow {
  townCode: string;
  opId: string;
  nodeId: string;
  seq: number;
  status: 'applied' | 'rejected';
  reason: string | null;
  message: string | null;
  version: number | null;
  serverSeq: number | null;
}

export interface NodeSeqRow {
  townCode: string;
  nodeId: string;
  lastSeq: number;
}

export interface EntityRow {
  townCode: string;
  entity: string;
  entityId: string;
  version: number;
  hlc: string;
  state: string | null;
  payload: string;
  signed: number;
}

export const OpSchema = new EntitySchema<OpRow>({
  name: 'op',
  tableName: 'op',
  columns: {
    townCode: { name: 'town_code', type: 'text', primary: true },
    serverSeq: { name: 'server_seq', type: 'integer', primary: true },
    opId: { name: 'op_id', type: 'text' },
    nodeId: { name: 'node_id', type: 'text' },
    seq: { type: 'integer' },
    hlc: { type: 'text' },
    entity: { type: 'text' },
    entityId: { name: 'entity_id', type: 'text' },
    kind: { type: 'text' },
    action: { type: 'text', nullable: true },
    baseVersion: { name: 'base_version', type: 'integer', nullable: true },
    payload: { type: 'text' },
    at: { type: 'text' },
    receivedAt: { name: 'received_at', type: 'text' },
  },
});

export const OpResultSchema = new EntitySchema<OpResultRow>({
  name: 'op_result',
  tableName: 'op_result',
  columns: {
    townCode: { name: 'town_code', type: 'text', primary: true },
    opId: { name: 'op_id', type: 'text', primary: true },
    nodeId: { name: 'node_id', type: 'text' },
    seq: { type: 'integer' },
    status: { type: 'text' },
    reason: { type: 'text', nullable: true },
    message: { type: 'text', nullable: true },
    version: { type: 'integer', nullable: true },
    serverSeq: { name: 'server_seq', type: 'integer', nullable: true },
  },
});

export const NodeSeqSchema = new EntitySchema<NodeSeqRow>({
  name: 'node_seq',
  tableName: 'node_seq',
  columns: {
    townCode: { name: 'town_code', type: 'text', primary: true },
    nodeId: { name: 'node_id', type: 'text', primary: true },
    lastSeq: { name: 'last_seq', type: 'integer' },
  },
});

export const EntitySchemaRow = new EntitySchema<EntityRow>({
  name: 'entity',
  tableName: 'entity',
  columns: {
    townCode: { name: 'town_code', type: 'text', primary: true },
    entity: { type: 'text', primary: true },
    entityId: { name: 'entity_id', type: 'text', primary: true },
    version: { type: 'integer' },
    hlc: { type: 'text' },
    state: { type: 'text', nullable: true },
    payload: { type: 'text' },
    signed: { type: 'integer', default: 0 },
  },
});

export const DISTRICT_SCHEMAS = [OpSchema, OpResultSchema, NodeSeqSchema, EntitySchemaRow];
