/**
 * Test support: one `nats-server` process on a loopback port, started from a config file and
 * stopped, killed or started again where it was (the fault tests restart a server on its port and
 * store). Folders, configs and clusters are nats-server.ts's.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** How long a server may take to accept connections, ms. */
const START_TIMEOUT_MS = 15_000;
/** How long a server may take to exit after SIGTERM before it is killed, ms. */
const STOP_TIMEOUT_MS = 5_000;
/** How long a restart tries its port again while another process holds it, ms. */
const REBIND_MS = 20_000;

export const NATS_SERVER_MISSING =
  'nats-server is not installed: the NATS tests need it on PATH ' +
  '(Debian/Ubuntu: sudo apt-get install nats-server; macOS: brew install nats-server)';

/** Throws {@link NATS_SERVER_MISSING} when the binary is absent. */
export function requireNatsServer(): void {
  const probe = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(NATS_SERVER_MISSING);
}

export interface NatsServer {
  readonly port: number;
  readonly url: string;
  /** The running process's id (benches read its CPU time); undefined before the first start. */
  readonly pid: number | undefined;
  /** SIGKILL, no goodbye (the fault tests). */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after {@link STOP_TIMEOUT_MS}. */
  stop(): Promise<void>;
  /** Starts it again on the same port and store (after kill or stop). */
  restart(): Promise<void>;
}

function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null)
        return reject(new Error(`nats-server exited at start:\n${log()}`));
      if (Date.now() > deadline)
        return reject(new Error(`nats-server did not listen on ${port}:\n${log()}`));
      if (log().includes('Server is ready')) return resolve();
      setTimeout(attempt, 50);
    };
    attempt();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export class ServerProcess implements NatsServer {
  private child: ChildProcess | null = null;
  private output = '';
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly configFile: string,
  ) {
    this.url = `nats://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server, once: a port another process holds fails it (first starts move on). */
  async start(): Promise<void> {
    this.output = '';
    const child = spawn('nats-server', ['-c', this.configFile], { stdio: 'pipe' });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) =>
        reject(
          (err as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(NATS_SERVER_MISSING) : err,
        ),
      );
    });
    await spawned;
    await waitForPort(this.port, child, () => this.output);
  }

  /**
   * Starts it again where it was. The port was free when the server first took it, but after a
   * kill another process can hold it for a while: an outgoing connection of another test given it
   * as its ephemeral port (port-0 ports and those come from one range), which failed a restart
   * with "address already in use" in CI on 7 Dec. That connection goes when its test ends, so a
   * refused bind is tried again, up to {@link REBIND_MS}.
   */
  async restart(): Promise<void> {
    const deadline = Date.now() + REBIND_MS;
    for (;;) {
      try {
        return await this.start();
      } catch (err) {
        const taken = err instanceof Error && /address already in use/i.test(err.message);
        if (!taken || Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await exited(child);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited(child);
    clearTimeout(timer);
  }
}
