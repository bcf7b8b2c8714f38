/**
 * Chart colours per theme. Up/down use the Okabe–Ito blue/orange pair, which stays distinct
 * under the common colour-vision deficiencies (red/green does not); the DOM adds ▲▼ as well.
 */
import type { Theme } from '../../../protocol/ipc';

/** Indicator line colours, in the order added (Okabe–Ito, apart from the candles' pair). */
export const INDICATOR_COLOURS = ['#cc79a7', '#009e73', '#f0e442', '#d55e00', '#999999', '#56b4e9'];

export interface Palette {
  readonly up: string;
  readonly down: string;
  readonly upFill: string;
  readonly downFill: string;
  readonly line: string;
  readonly fill: string;
  readonly grid: string;
  readonly text: string;
  readonly volume: string;
  /** The panel's background (app.css's `--panel`), painted under the opaque charts. */
  readonly panel: string;
  /** Home / draw / away odds lines (also told apart by dash pattern). */
  readonly odds: readonly [string, string, string];
}

export const PALETTES: { readonly [T in Theme]: Palette } = {
  dark: {
    up: '#56b4e9',
    down: '#e69f00',
    upFill: 'rgba(86, 180, 233, 0.35)',
    downFill: 'rgba(230, 159, 0, 0.85)',
    line: '#56b4e9',
    fill: 'rgba(86, 180, 233, 0.08)',
    grid: 'rgba(255, 255, 255, 0.07)',
    text: '#9aa4b2',
    volume: 'rgba(154, 164, 178, 0.28)',
    panel: '#151a21',
    odds: ['#56b4e9', '#cfd6df', '#e69f00'],
  },
  light: {
    up: '#0072b2',
    down: '#d55e00',
    upFill: 'rgba(0, 114, 178, 0.25)',
    downFill: 'rgba(213, 94, 0, 0.85)',
    line: '#0072b2',
    fill: 'rgba(0, 114, 178, 0.07)',
    grid: 'rgba(0, 0, 0, 0.08)',
    text: '#4a5563',
    volume: 'rgba(74, 85, 99, 0.22)',
    panel: '#ffffff',
    odds: ['#0072b2', '#4a5563', '#d55e00'],
  },
};
