import { describe, expect, it } from 'vitest';
import { readCommandLine } from './command-line';
import { meantOption } from './unknown-options';

const HELP = '(--help lists the options)';

describe('readCommandLine', () => {
  it('runs on good options, and answers --help with the usage, in both modes', () => {
    for (const mode of ['desktop', 'web'] as const) {
      expect(readCommandLine(['--feed', 'sim'], mode)).toEqual({
        kind: 'run',
        args: { feed: 'sim', help: false },
        warnings: [],
      });
      expect(readCommandLine(['--help'], mode)).toMatchObject({
        kind: 'help',
        text: expect.stringMatching(/^Usage: npm start/),
      });
    }
  });

  it('refuses a bad value in one line, prefixed by the entry point', () => {
    expect(readCommandLine(['--port', '70000'], 'web')).toEqual({
      kind: 'refused',
      line: `tickdeck web: --port: expected 0 to 65535, got "70000" ${HELP}`,
    });
    expect(readCommandLine(['--settings'], 'desktop')).toEqual({
      kind: 'refused',
      line: `tickdeck: option --settings needs a value ${HELP}`,
    });
  });

  // bug 240: under Electron these went by without a word, the run on the defaults.
  it('refuses a near miss of an option in either mode, naming the one meant', () => {
    for (const [argv, meant] of [
      [['--prot', '0'], 'port'],
      [['--setings', 'mine.json'], 'settings'],
      [['--feeds', 'sim'], 'feed'],
      [['--recordings', '/data'], 'recordings-dir'],
      [['--feed-endpoints=ws://x'], 'feed-endpoint'],
      [['--Replay', 'rec'], 'replay'],
    ] as const) {
      const name = argv[0].split('=')[0];
      const line = `unknown option ${name}; did you mean --${meant}? ${HELP}`;
      expect(readCommandLine(argv, 'desktop')).toEqual({
        kind: 'refused',
        line: `tickdeck: ${line}`,
      });
      expect(readCommandLine(argv, 'web')).toEqual({
        kind: 'refused',
        line: `tickdeck web: ${line}`,
      });
    }
  });

  it("lets the desktop app's Chromium and Node switches by in silence", () => {
    const argv = [
      '--enable-logging',
      '--no-sandbox',
      '--inspect=0',
      '--remote-debugging-port=0',
      '--user-data-dir=/tmp/x',
      '--host-rules=MAP * 127.0.0.1',
      '--lang=de',
      '--v=1',
      '-psn_0_12345',
      '--feed',
      'sim',
    ];
    expect(readCommandLine(argv, 'desktop')).toEqual({
      kind: 'run',
      args: { feed: 'sim', help: false },
      warnings: [],
    });
  });

  it('names each argument the desktop app will not use, and still runs', () => {
    const read = readCommandLine(
      ['--frobnicate', '--port', '0', '--host=0.0.0.0', 'recording-folder'],
      'desktop',
    );
    expect(read).toEqual({
      kind: 'run',
      args: { port: 0, host: '0.0.0.0', help: false },
      warnings: [
        'tickdeck: --frobnicate is not a Tickdeck option: passed on to Chromium',
        'tickdeck: --port is for browser mode (npm run web): the desktop app does not use it',
        'tickdeck: --host is for browser mode (npm run web): the desktop app does not use it',
        'tickdeck: unexpected argument recording-folder: not used',
      ],
    });
    // Browser mode refuses the flag it does not know, as before.
    expect(readCommandLine(['--frobnicate'], 'web')).toEqual({
      kind: 'refused',
      line: `tickdeck web: unknown option --frobnicate ${HELP}`,
    });
  });
});

describe('meantOption', () => {
  it('finds a misspelling or a cut, the nearest first, and nothing in an unrelated word', () => {
    expect(meantOption('wokrspace')).toBe('workspace');
    expect(meantOption('alerts')).toBe('alert');
    expect(meantOption('rec')).toBe('recordings-dir');
    expect(meantOption('hots')).toBe('host');
    expect(meantOption('frobnicate')).toBeNull();
    // Chromium's, a letter or two from nothing of ours.
    expect(meantOption('headless')).toBeNull();
    expect(meantOption('use-gl')).toBeNull();
    expect(meantOption('fe')).toBeNull();
  });
});
