import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the admin API reads by: tenants in (created_at, id) pages, tenants due for purge,
 * and users found by a prefix of their email key (pattern ops, so `like 'ab%'` uses the index
 * whatever the database's collation).
 */
export class Migration20261203020000AdminApi extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index tenants_created on tenants (created_at, id)');
    this.addSql(
      "create index tenants_purge_due on tenants (purge_after) where status = 'deleting'",
    );
    this.addSql(
      'create index users_tenant_email_prefix on users (tenant_id, email_key varchar_pattern_ops)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists users_tenant_email_prefix');
    this.addSql('drop index if exists tenants_purge_due');
    this.addSql('drop index if exists tenants_created');
  }
}
