import { Args } from '@oclif/core';
import { LatchkeyCommand } from '../../base-command.js';
import { deadLetterView } from '../../output/views.js';
import { requireValue } from '../../prompts.js';

export default class DeadLettersReplay extends LatchkeyCommand<typeof DeadLettersReplay> {
  static override summary = 'Send a dead-lettered event to its consumer again.';
  static override usage = 'dead-letters replay ID';
  static override examples = [
    '<%= config.bin %> dead-letters replay 6d1f0a52-5b0c-4d7e-9a43-0c2e4b7f9e11 --json',
  ];
  static override args = { id: Args.string({ name: 'ID', description: 'Dead letter id.' }) };

  async run(): Promise<void> {
    const id = await requireValue(this.args.id, {
      flag: 'ID',
      message: 'Dead letter id',
      usage: this.usageLine(),
    });
    this.showOne(await (await this.latchkey()).deadLetters.replay(id), deadLetterView);
  }
}
