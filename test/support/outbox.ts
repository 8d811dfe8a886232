import type { EventEnvelope } from '../../server/src/events/envelope.js';
import { BUNDLE_TYPE } from '../../server/src/events/group-commit.js';
import type { TestContainer } from './container.js';

/**
 * The outbox's first deliveries of events of one type and tenant, as envelopes, oldest first:
 * the rows `recordEvent` writes one by one and the events inside the group commit's bundles.
 */
export async function outboxEvents(
  container: TestContainer,
  type: string,
  tenant: string,
): Promise<EventEnvelope[]> {
  const rows = await container.db.em().execute<Array<{ envelope: EventEnvelope }>>(
    `select envelope from (
       select o.id, jsonb_build_object('id', o.event_id, 'type', o.type, 'tenant', o.tenant_id,
         'time', o.occurred_at, 'actor', o.actor, 'data', o.data,
         'schemaVersion', o.schema_version) as envelope, 0 as position
       from outbox_events o where o.type <> ? and o.destination is null
       union all
       select o.id, e.envelope, e.position
       from outbox_events o,
         jsonb_array_elements(o.data->'events') with ordinality as e(envelope, position)
       where o.type = ?
     ) as events
     where envelope->>'type' = ? and envelope->>'tenant' = ?
     order by id, position`,
    [BUNDLE_TYPE, BUNDLE_TYPE, type, tenant],
  );
  return rows.map((row) => row.envelope);
}
