import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261203000000Foundation } from './Migration20261203000000Foundation.js';
import { Migration20261203010000Identity } from './Migration20261203010000Identity.js';
import { Migration20261203020000AdminApi } from './Migration20261203020000AdminApi.js';
import { Migration20261203030000Protocol } from './Migration20261203030000Protocol.js';
import { Migration20261203040000Accounts } from './Migration20261203040000Accounts.js';
import { Migration20261203045000OutboxRelay } from './Migration20261203045000OutboxRelay.js';
import { Migration20261203050000ExpiryIndexes } from './Migration20261203050000ExpiryIndexes.js';

/**
 * Every migration, oldest first. Listed explicitly so that the same list runs under tsx, jest
 * and the built dist/ alike. A new migration is a new file here; an applied one never changes.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261203000000Foundation', class: Migration20261203000000Foundation },
  { name: 'Migration20261203010000Identity', class: Migration20261203010000Identity },
  { name: 'Migration20261203020000AdminApi', class: Migration20261203020000AdminApi },
  { name: 'Migration20261203030000Protocol', class: Migration20261203030000Protocol },
  { name: 'Migration20261203040000Accounts', class: Migration20261203040000Accounts },
  { name: 'Migration20261203045000OutboxRelay', class: Migration20261203045000OutboxRelay },
  { name: 'Migration20261203050000ExpiryIndexes', class: Migration20261203050000ExpiryIndexes },
];
