/**
 * A `wss://` stand-in for an exchange whose certificate no machine trusts: self-signed, for
 * 127.0.0.1, valid until 2126 (made once with `openssl req -x509 -newkey ec -pkeyopt
 * ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=127.0.0.1 -addext
 * subjectAltName=IP:127.0.0.1`). Loopback, port 0.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+W27NHF2dPW7g7Zg
3rVDdhj6PVmTUVQXBoglba9XXKyhRANCAARDaiyq7aDGhYQRm4zZflchmPPewUsU
mRUgiMB3K7oHI4dvYWWlmd4KSTGQlcO6qEGDBGli32kmxH0NvEfyu5EP
-----END PRIVATE KEY-----
`;

const CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUTZZcoHnfEJxpoDMF3i+mChyrWr8wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwNjEwMjQzOVoYDzIxMjYxMTEy
MTAyNDM5WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARDaiyq7aDGhYQRm4zZflchmPPewUsUmRUgiMB3K7oHI4dvYWWlmd4K
STGQlcO6qEGDBGli32kmxH0NvEfyu5EPo2QwYjAdBgNVHQ4EFgQU/pqTw4kU4tUT
jJnb2kefObYn/1owHwYDVR0jBBgwFoAU/pqTw4kU4tUTjJnb2kefObYn/1owDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IQD5BEYCRi8dHhDG72Rylev+vpd20um0g2zMUwiHO5ihJAIga1TK3U/m3MVTMH+q
/DHwlaoMRIa7RciUQyhZDiFMFg4=
-----END CERTIFICATE-----
`;

/** A running `wss://` server with the untrusted certificate, and how many TLS handshakes it saw. */
export interface SelfSignedExchange {
  readonly url: string;
  /** TLS connections attempted (each retry of a client is one). */
  attempts(): number;
  close(): Promise<void>;
}

export async function startSelfSignedExchange(): Promise<SelfSignedExchange> {
  const server: Server = createServer({ key: KEY, cert: CERT });
  let attempts = 0;
  server.on('connection', () => attempts++);
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `wss://127.0.0.1:${(server.address() as AddressInfo).port}`,
    attempts: () => attempts,
    close: async () => {
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
