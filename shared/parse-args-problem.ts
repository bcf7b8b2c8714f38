/**
 * The command lines' shared wording of `node:util` `parseArgs` errors (the simulator's commands
 * and the relay): Node's own messages name a flag with its short form, and one code covers both
 * a missing value and a value given to a switch.
 */

/** A `parseArgs` error as one line naming the flag by its long name. */
export function parseArgsProblem(err: Error & { code?: string }): string {
  const flag = /'(?:-\w, )?(-[^' ]+)/.exec(err.message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag || err.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (err.message.includes('does not take an argument')) return `option ${flag} takes no value`;
      return err.message.includes('ambiguous')
        ? `option ${flag} needs a value; write a value starting with "-" as ${flag}=<value>`
        : `option ${flag} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']+)'/.exec(err.message)?.[1] ?? ''}`;
    default:
      return err.message;
  }
}
