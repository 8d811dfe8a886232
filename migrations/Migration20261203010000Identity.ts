import { Migration } from '@mikro-orm/migrations';

/** Tenants, their OAuth clients, users and signing keys. */
export class Migration20261203010000Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table tenants (
      id uuid primary key,
      slug varchar(63) not null unique,
      display_name varchar(200) not null,
      region varchar(64) not null,
      status varchar(16) not null,
      allowed_domains jsonb not null,
      branding jsonb not null,
      settings jsonb not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      purge_after timestamptz null
    )`);
    this.addSql(`create table oauth_clients (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      client_id varchar(64) not null unique,
      name varchar(200) not null,
      type varchar(16) not null,
      secret_hash varchar(200) null,
      redirect_uris jsonb not null,
      post_logout_redirect_uris jsonb not null,
      grant_types jsonb not null,
      scopes jsonb not null,
      access_token_ttl integer not null,
      refresh_token_ttl integer not null,
      id_token_ttl integer not null,
      first_party boolean not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1
    )`);
    this.addSql('create index oauth_clients_tenant on oauth_clients (tenant_id, created_at, id)');
    this.addSql(`create table users (
      id uuid primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      email varchar(320) not null,
      email_key varchar(320) not null,
      email_verified boolean not null,
      password_hash varchar(200) null,
      given_name varchar(200) null,
      family_name varchar(200) null,
      locale varchar(35) null,
      status varchar(32) not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      last_login_at timestamptz null,
      password_changed_at timestamptz null,
      unique (tenant_id, email_key)
    )`);
    this.addSql('create index users_tenant_created on users (tenant_id, created_at, id)');
    this.addSql(`create table signing_keys (
      kid varchar(64) primary key,
      tenant_id uuid not null references tenants (id) on delete cascade,
      alg varchar(10) not null,
      status varchar(16) not null,
      public_jwk jsonb not null,
      private_jwe text not null,
      created_at timestamptz not null,
      activated_at timestamptz null,
      retired_at timestamptz null,
      unpublish_after timestamptz null
    )`);
    this.addSql('create index signing_keys_tenant on signing_keys (tenant_id, status)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists signing_keys');
    this.addSql('drop table if exists users');
    this.addSql('drop table if exists oauth_clients');
    this.addSql('drop table if exists tenants');
  }
}
