/**
 * What a button starts and waits for (an export, a rename, the collapse doctor): which action is
 * running, so its label can say so and the other buttons wait, and the message of the error the
 * last one ended with, shown beside the buttons until the next one starts.
 */
import { messageOf } from '../../../shared/errors';

export class ButtonAction<Name extends string = string> {
  running = $state<Name | null>(null);
  error = $state<string | null>(null);

  async run(name: Name, work: () => Promise<void>): Promise<void> {
    this.running = name;
    this.error = null;
    try {
      await work();
    } catch (caught) {
      this.error = messageOf(caught);
    } finally {
      this.running = null;
    }
  }
}
