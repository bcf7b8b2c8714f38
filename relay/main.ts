// Entry point of the `tickdeck-relay` command (`npm run relay`, bin/tickdeck-relay.js).
import { runRelayCli } from './cli';

process.exitCode = await runRelayCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
});
