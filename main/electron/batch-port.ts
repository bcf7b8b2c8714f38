/**
 * The batch path into an Electron page: a fresh MessageChannelMain per page load, one end kept
 * here as a host consumer, the other posted to the page (the preload forwards it into the
 * page's world). Batches are structured-cloned once, straight into the page; the page sends
 * back only acks and its interest. docs/SECURITY.md ("The batch port") says what may cross it.
 */
import type { WebContents } from 'electron';
import { MessageChannelMain } from 'electron';
import { BATCH_PORT_CHANNEL } from '../../protocol/ipc';
import { readBatchPathMessage } from '../../protocol/page-messages';
import type { AppHost } from '../host/host';

/** Gives the page a fresh batch port and attaches it to the host; returns the detacher. */
export function connectBatches(host: Pick<AppHost, 'attach'>, contents: WebContents): () => void {
  const { port1, port2 } = new MessageChannelMain();
  const attachment = host.attach((batch) => port1.postMessage(batch));
  port1.on('message', ({ data }) => {
    const msg = readBatchPathMessage(data);
    if (msg?.type === 'ack') attachment.ack(msg.seq);
    else if (msg?.type === 'interest') attachment.declareInterest(msg);
  });
  port1.start();
  contents.postMessage(BATCH_PORT_CHANNEL, null, [port2]);
  return () => {
    attachment.detach();
    port1.close();
  };
}
