import type { Cache } from '../../adapters/cache/cache.js';
import type { SecretHasher } from '../../domain/crypto/secret-hash.js';
import type { Directory } from '../../domain/directory.js';
import type { Database } from '../../persistence/database.js';

/** What the authorization endpoint, its resume step and the consent page share. */
export interface AuthorizeDeps {
  db: Database;
  cache: Cache;
  directory: Directory;
  hasher: SecretHasher;
  publicUrl: string;
}
