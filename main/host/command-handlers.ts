/**
 * The shape of the host's command handlers: one function per command channel, typed from the
 * command table (protocol/commands.ts), so a handler cannot take or return other than what the
 * channel's contract says. The host's parts each answer a slice of the channels.
 */
import type { CommandArgs, CommandChannel, CommandResult } from '../../protocol/commands';

export type Handlers<C extends CommandChannel = CommandChannel> = {
  readonly [K in C]: (...args: CommandArgs<K>) => Promise<CommandResult<K>> | CommandResult<K>;
};
