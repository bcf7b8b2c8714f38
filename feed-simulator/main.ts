// Entry point of the `feed-simulator` command (`npm run feed`, bin/feed-simulator.js).
import { runCli } from './cli';

process.exitCode = await runCli(process.argv.slice(2));
