import amqp, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type Options,
  type RecoveringChannelModel,
} from 'amqplib';
import { type EventEnvelope, parseEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../logging/logger.js';
import type { ConsumerBinding, EventBus, PublishOptions } from './event-bus.js';

const ATTEMPT_HEADER = 'x-latchkey-attempt';
const CONSUMER_QUEUE: Options.AssertQueue = {
  durable: true,
  arguments: { 'x-queue-type': 'quorum' },
};
/** How long close() lets running handlers finish before it drops the connection anyway. */
const DRAIN_MS = 5000;

/**
 * Events on a RabbitMQ topic exchange, `{namespace}.events`, routed by event type. Each consumer
 * has a durable quorum queue; a failed delivery waits in a per-delay retry queue whose messages
 * expire back into the consumer's queue. amqplib's recovery reconnects with back-off and calls
 * `setup` again, which re-declares the topology and restarts every consumer.
 */
export class RabbitMqBus implements EventBus {
  readonly kind = 'rabbitmq' as const;
  private model?: RecoveringChannelModel;
  private publisher?: ConfirmChannel;
  private connected = false;
  private readonly bindings: ConsumerBinding[] = [];
  /** Queues declared on the current connection, so each is declared once per connection. */
  private readonly declaredQueues = new Set<string>();
  private readonly retryQueues = new Set<string>();
  /** Each consumer's channel and tag, so that close() can stop deliveries but still ack. */
  private readonly consumers = new Map<Channel, string>();
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  private constructor(
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {}

  /** Connects, failing after a few quick retries so that a wrong URL stops the process early. */
  static async connect(url: string, namespace: string, logger: Logger): Promise<RabbitMqBus> {
    const bus = new RabbitMqBus(namespace, logger);
    const model = await amqp.connect(url, {
      recovery: {
        initialDelay: 200,
        maxDelay: 5000,
        initialMaxRetries: 2,
        maxRetries: Number.POSITIVE_INFINITY,
        setup: (connected: ChannelModel) => bus.setup(connected),
      },
    });
    model.on('disconnect', (error: Error) => {
      bus.connected = false;
      bus.publisher = undefined;
      if (!bus.closing) logger.warn('lost RabbitMQ; reconnecting', { reason: error.message });
    });
    model.on('error', (error: Error) => logger.warn('RabbitMQ error', { reason: error.message }));
    bus.model = model;
    return bus;
  }

  get exchange(): string {
    return `${this.namespace}.events`;
  }

  queueName(consumer: string): string {
    return `${this.namespace}.${consumer}`;
  }

  async publish(envelope: EventEnvelope, options: PublishOptions): Promise<void> {
    const channel = this.connectedPublisher();
    if (options.destination) {
      // A retry or a replay for one consumer: its queue must exist, or the broker drops the
      // message while still confirming it (a queue is otherwise declared only by its consumer).
      const queue = this.queueName(options.destination);
      await this.declareQueue(channel, queue, CONSUMER_QUEUE);
      await confirmSend(channel, '', queue, envelope, options.attempt);
    } else {
      await confirmSend(channel, this.exchange, envelope.type, envelope, options.attempt);
    }
  }

  async subscribe(binding: ConsumerBinding): Promise<void> {
    this.bindings.push(binding);
    if (this.connected && this.model) {
      // Already connected: start it now; later reconnects start it from setup().
      await this.startConsumer(this.model as unknown as ChannelModel, binding);
    }
  }

  async check(): Promise<void> {
    this.connectedPublisher();
  }

  /** Stops taking messages, lets running handlers finish (briefly), then disconnects. */
  async close(): Promise<void> {
    this.closing = true;
    for (const [channel, tag] of this.consumers) await channel.cancel(tag).catch(() => undefined);
    const drained = Promise.allSettled([...this.inFlight]);
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
    await this.model?.close().catch(() => undefined);
  }

  /**
   * Deletes this namespace's exchange and queues — those of the consumers subscribed here and of
   * any `others` named — so that throw-away namespaces of tests leave nothing on the broker.
   */
  async deleteTopology(others: string[] = []): Promise<void> {
    const channel = this.publisher;
    if (!channel) return;
    const queues = new Set([
      ...this.bindings.map((binding) => this.queueName(binding.name)),
      ...others.map((name) => this.queueName(name)),
      ...this.declaredQueues,
      ...this.retryQueues,
    ]);
    for (const queue of queues) await channel.deleteQueue(queue);
    await channel.deleteExchange(this.exchange);
  }

  private connectedPublisher(): ConfirmChannel {
    if (!this.publisher) throw new Error('RabbitMQ is not connected');
    return this.publisher;
  }

  private async setup(model: ChannelModel): Promise<void> {
    this.declaredQueues.clear();
    this.consumers.clear();
    const channel = await this.openPublisher(model);
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    for (const binding of this.bindings) await this.startConsumer(model, binding);
    this.publisher = channel;
    this.connected = true;
    this.logger.info('connected to RabbitMQ', { exchange: this.exchange });
  }

  private async openPublisher(model: ChannelModel): Promise<ConfirmChannel> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => {
      this.logger.warn('RabbitMQ channel error', { reason: error.message });
    });
    channel.on('close', () => {
      if (this.publisher !== channel) return;
      this.publisher = undefined;
      // A channel-level error (not a lost connection) would otherwise leave no publisher until
      // the next reconnect; a lost connection is handled by setup() on recovery instead.
      if (this.connected && !this.closing && this.model) void this.reopenPublisher(this.model);
    });
    return channel;
  }

  private async reopenPublisher(model: RecoveringChannelModel): Promise<void> {
    try {
      this.declaredQueues.clear();
      this.publisher = await this.openPublisher(model as unknown as ChannelModel);
    } catch (error) {
      this.logger.warn('could not reopen the RabbitMQ channel', { reason: asError(error).message });
    }
  }

  private async declareQueue(channel: Channel, queue: string, options: Options.AssertQueue) {
    if (this.declaredQueues.has(queue)) return;
    await channel.assertQueue(queue, options);
    this.declaredQueues.add(queue);
  }

  private async startConsumer(model: ChannelModel, binding: ConsumerBinding): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => {
      this.logger.warn('RabbitMQ consumer channel error', { reason: error.message });
    });
    channel.on('close', () => this.consumers.delete(channel));
    const queue = this.queueName(binding.name);
    await channel.assertQueue(queue, CONSUMER_QUEUE);
    for (const pattern of binding.patterns) await channel.bindQueue(queue, this.exchange, pattern);
    await channel.prefetch(16);
    const { consumerTag } = await channel.consume(queue, (message) => {
      if (!message) return; // the broker cancelled the consumer (queue deleted)
      const handled = this.handleMessage(channel, binding, message);
      this.inFlight.add(handled);
      void handled.finally(() => this.inFlight.delete(handled));
    });
    this.consumers.set(channel, consumerTag);
  }

  private async handleMessage(
    channel: Channel,
    binding: ConsumerBinding,
    message: ConsumeMessage,
  ): Promise<void> {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(message.content.toString('utf8'));
    } catch (error) {
      this.logger.error('dropping a message that is not an event envelope', {
        consumer: binding.name,
        reason: asError(error).message,
      });
      settle(() => channel.nack(message, false, false));
      return;
    }
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    try {
      const outcome = await binding.deliver(envelope, attempt);
      if (outcome.status === 'retry') {
        await this.publishRetry(envelope, binding.name, attempt + 1, outcome.delayMs);
      }
      settle(() => channel.ack(message));
    } catch (error) {
      // Not even the outcome could be recorded (database down?): hand it back to the broker.
      this.logger.error('could not record an event delivery; returning it to the queue', {
        consumer: binding.name,
        eventId: envelope.id,
        reason: asError(error).message,
      });
      await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      settle(() => channel.nack(message, false, true));
    }
  }

  private async publishRetry(
    envelope: EventEnvelope,
    consumer: string,
    attempt: number,
    delayMs: number,
  ): Promise<void> {
    const channel = this.connectedPublisher();
    const target = this.queueName(consumer);
    const retryQueue = `${target}.retry.${delayMs}`;
    await this.declareQueue(channel, retryQueue, {
      durable: true,
      arguments: {
        'x-message-ttl': delayMs,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': target,
      },
    });
    this.retryQueues.add(retryQueue);
    await confirmSend(channel, '', retryQueue, envelope, attempt);
  }
}

/** Publishes persistently and resolves once the broker confirmed the message. */
function confirmSend(
  channel: ConfirmChannel,
  exchange: string,
  routingKey: string,
  envelope: EventEnvelope,
  attempt: number,
): Promise<void> {
  const body = Buffer.from(JSON.stringify(envelope));
  const properties: Options.Publish = {
    persistent: true,
    messageId: envelope.id,
    type: envelope.type,
    contentType: 'application/json',
    headers: { [ATTEMPT_HEADER]: attempt },
  };
  return new Promise<void>((resolve, reject) => {
    channel.publish(exchange, routingKey, body, properties, (error: unknown) =>
      error ? reject(asError(error)) : resolve(),
    );
  });
}

/**
 * Acks and nacks on a channel that has closed meanwhile throw; the broker then redelivers the
 * message by itself, and consumers de-duplicate, so there is nothing left to do.
 */
function settle(action: () => void): void {
  try {
    action();
  } catch {
    // the channel is gone; the message goes back to the queue on the broker's side
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
