/**
 * The store's webhook to the bridge, as a merchant sets it up in UltraCart: a URL, basic auth,
 * the order and item events. Each event is posted when it happens; what is not answered 2xx
 * stays pending and is posted again a little later, as UltraCart's `next_retry_after` does.
 */
import { createWebhookSender, type WebhookEvent } from './webhooks.js';

export interface WebhookTarget {
  url: string;
  user: string;
  password: string;
  /** Wait before posting what is still pending again. @defaultValue 2000 */
  retryMs?: number;
}

export function createStoreWebhooks() {
  let sender: ReturnType<typeof createWebhookSender> | undefined;
  let target: WebhookTarget | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delivering = Promise.resolve();
  let sent = 0;

  /** One delivery round after the last; a leftover schedules the next (never keeping Node alive). */
  function deliver(): Promise<void> {
    delivering = delivering.then(async () => {
      if (!sender || !target) return;
      const left = await sender.deliver();
      if (left && !timer) {
        timer = setTimeout(() => ((timer = undefined), void deliver()), target.retryMs ?? 2000);
        timer.unref?.();
      }
    });
    return delivering;
  }

  return {
    connect(next: WebhookTarget): void {
      target = next;
      sender = createWebhookSender({ url: next.url, user: next.user, password: next.password });
    },
    connected: () => !!sender,
    /** Queues the events and posts them now; resolves when this round is over. */
    send(...events: WebhookEvent[]): Promise<void> {
      if (!sender) return Promise.resolve();
      sent += events.length;
      sender.queue(...events);
      return deliver();
    },
    /** Events queued so far, POSTs made and failed, events still pending. */
    stats: () => ({ events: sent, ...(sender?.stats() ?? { posts: 0, failures: 0 }), pending: sender?.pending() ?? 0 }),
    stop(): void {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

export type StoreWebhooks = ReturnType<typeof createStoreWebhooks>;
