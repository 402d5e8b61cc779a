/**
 * Plays the district against a running district server: pushes one district op as the district's
 * own node and prints the event's entityId.
 *
 *   npm run district:dispatch -- --url http://127.0.0.1:PORT --token <districtToken> --town <code>
 *     --node <nodeId> --title "..." --category <code> --level major [--grid G01] [--description ...]
 *   npm run district:dispatch -- ... --action district_update --event <entityId> --note "..."
 *   npm run district:dispatch -- ... --action district_close  --event <entityId> --result "..."
 *   (assign_to_town with --event re-assigns a returned event)
 *
 * The seq: the CLI keeps no state. It asks the server for the node's last seq
 * (GET /v1/towns/{town}/nodes/{node}/seq) and, if another pusher of the same node wins the race
 * (409), retries from the server's expectedSeq. Exit 0 when applied, 1 when rejected or failing.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';

const DISTRICT_ACTIONS = ['assign_to_town', 'district_update', 'district_close'] as const;
type DistrictAction = (typeof DISTRICT_ACTIONS)[number];

function fail(message: string): never {
  console.error(`district:dispatch: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      town: { type: 'string' },
      node: { type: 'string' },
      action: { type: 'string', default: 'assign_to_town' },
      event: { type: 'string' },
      title: { type: 'string' },
      category: { type: 'string' },
      level: { type: 'string', default: 'general' },
      grid: { type: 'string' },
      description: { type: 'string' },
      note: { type: 'string' },
      result: { type: 'string' },
    },
    strict: true,
  });
  if (!v.url || !v.token || !v.town || !v.node) fail('--url, --token, --town and --node are required');
  const action = v.action as DistrictAction;
  if (!DISTRICT_ACTIONS.includes(action)) fail(`--action must be one of ${DISTRICT_ACTIONS.join(', ')}`);
  const base = v.url.replace(/\/+$/, '');
  const townPath = `${base}/v1/towns/${encodeURIComponent(v.town)}`;
  const headers = { Authorization: `Bearer ${v.token}`, 'Content-Type': 'application/json' };
  const now = new Date().toISOString();

  let payload: Record<string, unknown>;
  let entityId: string;
  switch (action) {
    case 'assign_to_town':
      if (!v.title || !v.category) fail('assign_to_town needs --title and --category');
      entityId = v.event ?? randomUUID();
      payload = {
        title: v.title,
        categoryCode: v.category,
        level: v.level,
        source: 'district',
        reportedAt: now,
        ...(v.grid ? { gridCode: v.grid } : {}),
        ...(v.description ? { description: v.description } : {}),
      };
      break;
    case 'district_update':
      if (!v.event || !v.note) fail('district_update needs --event and --note');
      entityId = v.event;
      payload = { note: v.note };
      break;
    case 'district_close':
      if (!v.event || !v.result) fail('district_close needs --event and --result');
      entityId = v.event;
      payload = { result: v.result };
      break;
    default:
      return action satisfies never;
  }

  const seqResponse = await fetch(`${townPath}/nodes/${encodeURIComponent(v.node)}/seq`, { headers });
  if (!seqResponse.ok) fail(`seq lookup: HTTP ${seqResponse.status} ${await seqResponse.text()}`);
  let seq = ((await seqResponse.json()) as { nextSeq: number }).nextSeq;

  const opId = randomUUID();
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const op = {
      opId,
      nodeId: v.node,
      seq,
      // No persistent clock here: wall time with counter 0 is a valid HLC for a one-shot node.
      hlc: `${new Date().toISOString()}-0000-${v.node}`,
      entity: 'event',
      entityId,
      kind: 'action',
      action,
      payload,
      at: now,
    };
    const response = await fetch(`${townPath}/ops`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ nodeId: v.node, ops: [op] }),
    });
    if (response.status === 409) {
      seq = ((await response.json()) as { expectedSeq: number }).expectedSeq;
      continue;
    }
    if (!response.ok) fail(`push: HTTP ${response.status} ${await response.text()}`);
    const [result] = ((await response.json()) as { results: { status: string; reason?: string; message?: string; firstStatus?: string }[] }).results;
    if (result.status === 'rejected' || result.firstStatus === 'rejected') {
      fail(`${action} rejected (${result.reason}): ${result.message}`);
    }
    console.log(entityId);
    return;
  }
  fail('gave up after repeated seq races');
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
