import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes the worker's expired-row cleanup reads by, so that each of its small batches finds
 * its rows without scanning a whole table: when a token or link expired, when a family was
 * revoked, when it was opened.
 */
export class Migration20261203050000ExpiryIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index refresh_tokens_expiry on refresh_tokens (expires_at)');
    this.addSql('create index issued_access_tokens_expiry on issued_access_tokens (expires_at)');
    this.addSql('create index user_tokens_expiry on user_tokens (expires_at)');
    this.addSql('create index token_families_created on token_families (created_at)');
    this.addSql(
      'create index token_families_revoked on token_families (revoked_at) where revoked_at is not null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists token_families_revoked');
    this.addSql('drop index if exists token_families_created');
    this.addSql('drop index if exists user_tokens_expiry');
    this.addSql('drop index if exists issued_access_tokens_expiry');
    this.addSql('drop index if exists refresh_tokens_expiry');
  }
}
