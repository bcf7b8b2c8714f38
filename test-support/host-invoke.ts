/** A command to a real app host in tests, its value when it succeeds; its error thrown, named. */
import type { AppHost } from '../main/host/host-api';

export async function invokeOk<T>(
  h: Pick<AppHost, 'invoke'>,
  channel: string,
  ...args: unknown[]
): Promise<T> {
  const reply = await h.invoke(channel, args);
  if (!reply.ok) throw new Error(`${channel}: ${reply.error}`);
  return reply.value as T;
}
