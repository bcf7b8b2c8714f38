import { describe, expect, it } from 'vitest';
import { defaultWebSettingsPath } from './web-settings-path';

describe('browser-mode settings path', () => {
  it('follows XDG on Linux, with ~/.config when unset or relative', () => {
    expect(defaultWebSettingsPath('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe(
      '/cfg/tickdeck/web-settings.json',
    );
    expect(defaultWebSettingsPath('linux', {}, '/home/ann')).toBe(
      '/home/ann/.config/tickdeck/web-settings.json',
    );
    expect(defaultWebSettingsPath('freebsd', { XDG_CONFIG_HOME: 'rel' }, '/home/ann')).toBe(
      '/home/ann/.config/tickdeck/web-settings.json',
    );
  });

  it('uses Application Support on macOS and %APPDATA% on Windows', () => {
    expect(defaultWebSettingsPath('darwin', { XDG_CONFIG_HOME: '/cfg' }, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/tickdeck/web-settings.json',
    );
    expect(
      defaultWebSettingsPath(
        'win32',
        { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        'C:\\Users\\ann',
      ),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\tickdeck\\web-settings.json');
    expect(defaultWebSettingsPath('win32', {}, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\tickdeck\\web-settings.json',
    );
  });
});
