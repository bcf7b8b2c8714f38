/** The top bar's `Controls` callbacks as spies, for the component tests that render it. */
import { vi } from 'vitest';

export const controlsHandlers = () => ({
  onrecord: vi.fn(),
  onconnect: vi.fn(),
  ondisconnect: vi.fn(),
  onreconnect: vi.fn(),
  onchoose: vi.fn(async () => null),
  onopen: vi.fn(async () => ({})),
  onlist: vi.fn(async () => []),
  onbatchhz: vi.fn(),
  onpause: vi.fn(),
  ontheme: vi.fn(),
});
