import { Migration } from '@mikro-orm/migrations';

/**
 * The protocol's replay-guarding state: authorization codes (consumed once), token families
 * (one per authorization, revoked as a whole), refresh tokens (hashed, rotated), the access
 * tokens issued to users with their revocation mark, and the consents users have given.
 */
export class Migration20261203030000Protocol extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table token_families (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      client_id varchar(64) not null,
      user_id uuid null,
      sid varchar(128) null,
      scope text not null,
      created_at timestamptz not null,
      revoked_at timestamptz null,
      revoked_reason varchar(64) null
    )`);
    this.addSql('create index token_families_sid on token_families (tenant_id, sid)');
    this.addSql('create index token_families_user on token_families (tenant_id, user_id)');
    this.addSql(`create table authorization_codes (
      code_hash varchar(128) primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      client_id varchar(64) not null,
      user_id uuid not null,
      redirect_uri text not null,
      scope text not null,
      code_challenge varchar(128) null,
      nonce text null,
      sid varchar(128) not null,
      auth_time bigint not null,
      acr varchar(64) not null,
      amr jsonb not null,
      resource jsonb not null,
      expires_at timestamptz not null,
      used_at timestamptz null,
      family_id uuid null,
      created_at timestamptz not null
    )`);
    this.addSql('create index authorization_codes_expiry on authorization_codes (expires_at)');
    this.addSql(`create table refresh_tokens (
      token_hash varchar(128) primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      family_id uuid not null references token_families (id) on delete cascade,
      client_id varchar(64) not null,
      user_id uuid not null,
      scope text not null,
      sid varchar(128) null,
      auth_time bigint not null,
      acr varchar(64) not null,
      amr jsonb not null,
      resource jsonb not null,
      expires_at timestamptz not null,
      used_at timestamptz null,
      created_at timestamptz not null
    )`);
    this.addSql('create index refresh_tokens_family on refresh_tokens (family_id)');
    this.addSql(`create table issued_access_tokens (
      jti varchar(64) primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      family_id uuid null references token_families (id) on delete cascade,
      expires_at timestamptz not null,
      revoked_at timestamptz null
    )`);
    this.addSql('create index issued_access_tokens_family on issued_access_tokens (family_id)');
    this.addSql(`create table consent_grants (
      tenant_id uuid not null references tenants (id) on delete cascade,
      user_id uuid not null,
      client_id varchar(64) not null,
      scopes jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (tenant_id, user_id, client_id)
    )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists consent_grants');
    this.addSql('drop table if exists issued_access_tokens');
    this.addSql('drop table if exists refresh_tokens');
    this.addSql('drop table if exists authorization_codes');
    this.addSql('drop table if exists token_families');
  }
}
