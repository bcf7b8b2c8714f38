/**
 * Test helper: the name the app gives a source of `feed` added first, by the one rule in
 * protocol/source-names.ts: `127-0-0-1-<port>` for a simulator on port 0, whose port each run
 * chooses.
 */
import { nextSourceName } from '../protocol/source-names';

export const sourceNameOf = (feed: string | null): string => nextSourceName(feed, []);
