import { Migration } from '@mikro-orm/migrations';

/** The outbox, consumer de-duplication, parked dead letters and the audit trail. */
export class Migration20261203000000Foundation extends Migration {
  override async up(): Promise<void> {
    // One row per delivery to make: the event itself, or a retry of it for one consumer.
    this.addSql(`create table outbox_events (
      id bigserial primary key,
      event_id uuid not null,
      type varchar(120) not null,
      tenant_id varchar(64) null,
      actor jsonb not null,
      data jsonb not null,
      schema_version integer not null,
      occurred_at timestamptz not null,
      destination varchar(200) null,
      attempt integer not null default 1,
      available_at timestamptz not null default now(),
      claimed_until timestamptz null,
      published_at timestamptz null
    )`);
    this.addSql(
      'create index outbox_events_pending on outbox_events (available_at, id) where published_at is null',
    );
    this.addSql(`create table processed_events (
      consumer varchar(200) not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    )`);
    this.addSql(`create table dead_letters (
      id uuid primary key,
      consumer varchar(200) not null,
      event_id uuid not null,
      event_type varchar(120) not null,
      tenant_id varchar(64) null,
      envelope jsonb not null,
      error text not null,
      attempts integer not null,
      parked_at timestamptz not null,
      replayed_at timestamptz null
    )`);
    this.addSql(
      'create index dead_letters_open on dead_letters (parked_at) where replayed_at is null',
    );
    this.addSql(`create table audit_events (
      event_id uuid primary key,
      type varchar(120) not null,
      tenant_id varchar(64) null,
      actor jsonb not null,
      data jsonb not null,
      occurred_at timestamptz not null,
      recorded_at timestamptz not null
    )`);
    this.addSql('create index audit_events_tenant_time on audit_events (tenant_id, occurred_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists audit_events');
    this.addSql('drop table if exists dead_letters');
    this.addSql('drop table if exists processed_events');
    this.addSql('drop table if exists outbox_events');
  }
}
