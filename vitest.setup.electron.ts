// The Electron binary is not available to tests: every `import 'electron'` in a test run gets
// the in-memory fake from test-support/electron-fake.ts (loaded lazily, so other tests never touch it).
import { vi } from 'vitest';

vi.mock('electron', () => import('./test-support/electron-fake'));
