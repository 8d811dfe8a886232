import { Migration } from '@mikro-orm/migrations';

/** Single-use verification and reset tokens (hashes only) and the login history of users. */
export class Migration20261203040000Accounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table user_tokens (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null references users (id) on delete cascade,
      purpose varchar(32) not null,
      token_hash varchar(100) not null unique,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      consumed_at timestamptz null
    )`);
    this.addSql(
      'create index user_tokens_live on user_tokens (tenant_id, user_id, purpose) where consumed_at is null',
    );
    this.addSql(`create table login_attempts (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid null references users (id) on delete cascade,
      result varchar(32) not null,
      ip varchar(64) null,
      user_agent varchar(512) null,
      occurred_at timestamptz not null
    )`);
    this.addSql(
      'create index login_attempts_user on login_attempts (tenant_id, user_id, occurred_at desc)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists login_attempts');
    this.addSql('drop table if exists user_tokens');
  }
}
