/**
 * The shape of the host's command handlers: one function per command channel, typed from the
 * command table (protocol/commands.ts), so a handler cannot take or return other than what the
 * channel's contract says. The host's parts each answer a slice of the channels.
 */
import type { CommandArgs, CommandChannel, CommandResult } from '../../protocol/commands';

export type Handlers<C extends CommandChannel = CommandChannel> = {
  readonly [K in C]: (...args: CommandArgs<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};

/**
 * Commands of one page the app host works on at once, in either mode. The host runs many
 * commands in order (one settings write after another), so a page that floods them would
 * otherwise queue every other page's behind its own. Past this, browser mode pauses the page's
 * socket (main/web/web-page-session.ts) and the desktop app holds the window's commands back
 * (main/electron/command-slots.ts).
 */
export const MAX_PAGE_COMMANDS_IN_FLIGHT = 16;
