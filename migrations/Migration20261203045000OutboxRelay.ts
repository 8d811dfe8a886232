import { Migration } from '@mikro-orm/migrations';

/**
 * One relay publishes at a time now (the holder of an advisory lock), so rows are no longer
 * claimed with a lease: the claim was an extra UPDATE per event, the costliest write of the hot
 * path. The pending index is keyed by id alone, so the relay reads the oldest rows in order and
 * stops after one batch instead of sorting every pending row.
 */
export class Migration20261203045000OutboxRelay extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index outbox_events_pending_by_id on outbox_events (id) where published_at is null',
    );
    this.addSql('drop index outbox_events_pending');
    this.addSql('alter table outbox_events drop column claimed_until');
  }

  override async down(): Promise<void> {
    this.addSql('alter table outbox_events add column claimed_until timestamptz null');
    this.addSql(
      'create index outbox_events_pending on outbox_events (available_at, id) where published_at is null',
    );
    this.addSql('drop index outbox_events_pending_by_id');
  }
}
