/**
 * The app's id (electron-builder.yml `appId`), read from that file at build time so it is
 * written once. Windows matches notifications and taskbar grouping to the installed shortcut
 * by this id (`app.setAppUserModelId`).
 */
import BUILDER_CONFIG from '../../electron-builder.yml?raw';

/** The top-level `appId` of an electron-builder YAML config. */
export function appIdOf(yaml: string): string {
  const match = /^appId:\s*([\w.-]+)\s*$/m.exec(yaml);
  if (!match) throw new Error('electron-builder.yml has no top-level appId');
  return match[1]!;
}

export const APP_ID = appIdOf(BUILDER_CONFIG);
