import { LatchkeyCommand } from '../../base-command.js';
import { pageFlags } from '../../inputs/page-input.js';
import { deadLetterView } from '../../output/views.js';

export default class DeadLettersList extends LatchkeyCommand<typeof DeadLettersList> {
  static override summary = 'List events a consumer gave up on after every retry.';
  static override usage = 'dead-letters list [--limit N] [--cursor C]';
  static override examples = ['<%= config.bin %> dead-letters list --limit 20'];
  static override flags = pageFlags;

  async run(): Promise<void> {
    const { limit, cursor } = this.flags;
    this.showPage(
      await (await this.latchkey()).deadLetters.list({ limit, cursor }),
      deadLetterView,
    );
  }
}
