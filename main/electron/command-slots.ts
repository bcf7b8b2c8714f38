/**
 * The desktop app's bound on one window's commands: at most MAX_PAGE_COMMANDS_IN_FLIGHT of a
 * window run at once, the rest wait in order, and past MAX_WAITING_COMMANDS a window's new
 * command is refused. Electron cannot pause a window's IPC as browser mode pauses a page's
 * socket, so without this a flooding window (a compromised page) queued every other window's
 * commands behind its own, and its waiting commands grew main's memory without bound.
 */
import { MAX_PAGE_COMMANDS_IN_FLIGHT } from '../host/command-handlers';

/** Commands of one window held back at most; beyond, new ones are refused. */
export const MAX_WAITING_COMMANDS = 1_024;

interface Slots {
  running: number;
  readonly waiting: (() => void)[];
}

export class CommandSlots {
  private readonly windows = new Map<number, Slots>();

  /**
   * Runs `task` for window `id` once it has a free slot; rejects at once when the window
   * already holds MAX_WAITING_COMMANDS back.
   */
  async run<T>(id: number, task: () => Promise<T>): Promise<T> {
    let slots = this.windows.get(id);
    if (!slots) this.windows.set(id, (slots = { running: 0, waiting: [] }));
    if (slots.running < MAX_PAGE_COMMANDS_IN_FLIGHT) slots.running++;
    else if (slots.waiting.length >= MAX_WAITING_COMMANDS)
      throw new Error(`too many commands waiting (${MAX_WAITING_COMMANDS})`);
    // A finished command hands its slot to the oldest waiting one, so none can slip in between.
    else await new Promise<void>((resolve) => slots.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = slots.waiting.shift();
      if (next) next();
      else if (--slots.running === 0) this.windows.delete(id);
    }
  }
}
