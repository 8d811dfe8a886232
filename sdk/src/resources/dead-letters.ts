import type { Client } from '../generated/client/index.js';
import * as api from '../generated/sdk.gen.js';
import { unwrap } from '../transport.js';
import type { DeadLetter, Page, PageQuery } from '../types.js';

/** Events a consumer gave up on, kept for an operator to inspect and replay. */
export class DeadLettersResource {
  constructor(private readonly client: Client) {}

  list(query: PageQuery = {}): Promise<Page<DeadLetter>> {
    return unwrap(api.listDeadLetters({ client: this.client, query }));
  }

  replay(id: string): Promise<DeadLetter> {
    return unwrap(api.replayDeadLetter({ client: this.client, path: { id } }));
  }
}
