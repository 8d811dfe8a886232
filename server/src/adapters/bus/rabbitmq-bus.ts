import amqp, {
  type Channel,
  type ChannelModel,
  type ConfirmChannel,
  type ConsumeMessage,
  type RecoveringChannelModel,
} from 'amqplib';
import { type EventEnvelope, parseEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../logging/logger.js';
import type { ConsumerBinding, EventBus, PublishOptions } from './event-bus.js';

const ATTEMPT_HEADER = 'x-latchkey-attempt';

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
  private readonly bindings: ConsumerBinding[] = [];
  private readonly declaredRetryQueues = new Set<string>();
  private readonly consumerChannels = new Set<Channel>();
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
    const channel = this.publisher;
    if (!channel) throw new Error('RabbitMQ is not connected');
    const body = Buffer.from(JSON.stringify(envelope));
    const properties = {
      persistent: true,
      messageId: envelope.id,
      type: envelope.type,
      contentType: 'application/json',
      headers: { [ATTEMPT_HEADER]: options.attempt },
    };
    await new Promise<void>((resolve, reject) => {
      const confirmed = (error: unknown) => (error ? reject(asError(error)) : resolve());
      if (options.destination) {
        channel.sendToQueue(this.queueName(options.destination), body, properties, confirmed);
      } else {
        channel.publish(this.exchange, envelope.type, body, properties, confirmed);
      }
    });
  }

  async subscribe(binding: ConsumerBinding): Promise<void> {
    this.bindings.push(binding);
    if (this.publisher && this.model) {
      // Already connected: start it now; later reconnects start it from setup().
      const connected = await this.model.waitForConnect();
      await this.startConsumer(connected as unknown as ChannelModel, binding);
    }
  }

  async check(): Promise<void> {
    if (!this.publisher) throw new Error('RabbitMQ is not connected');
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.model?.close().catch(() => undefined);
  }

  /** Deletes this namespace's queues and exchange; for tests that create throw-away namespaces. */
  async deleteTopology(): Promise<void> {
    const channel = this.publisher;
    if (!channel) return;
    for (const binding of this.bindings) await channel.deleteQueue(this.queueName(binding.name));
    for (const queue of this.declaredRetryQueues) await channel.deleteQueue(queue);
    await channel.deleteExchange(this.exchange);
  }

  private async setup(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.logger.warn('RabbitMQ channel error', { reason: error.message }));
    channel.on('close', () => {
      if (this.publisher === channel) this.publisher = undefined;
    });
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    this.declaredRetryQueues.clear();
    this.consumerChannels.clear();
    for (const binding of this.bindings) await this.startConsumer(model, binding);
    this.publisher = channel;
    this.logger.info('connected to RabbitMQ', { exchange: this.exchange });
  }

  private async startConsumer(model: ChannelModel, binding: ConsumerBinding): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => this.logger.warn('RabbitMQ consumer channel error', { reason: error.message }));
    this.consumerChannels.add(channel);
    const queue = this.queueName(binding.name);
    await channel.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (const pattern of binding.patterns) await channel.bindQueue(queue, this.exchange, pattern);
    await channel.prefetch(16);
    await channel.consume(queue, (message) => {
      if (message) void this.handleMessage(channel, binding, message);
    });
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
      channel.nack(message, false, false);
      return;
    }
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1);
    try {
      const outcome = await binding.deliver(envelope, attempt);
      if (outcome.status === 'retry') {
        await this.publishRetry(envelope, binding.name, attempt + 1, outcome.delayMs);
      }
      channel.ack(message);
    } catch (error) {
      // Not even the outcome could be recorded (database down?): hand it back to the broker.
      this.logger.error('could not record an event delivery; returning it to the queue', {
        consumer: binding.name,
        eventId: envelope.id,
        reason: asError(error).message,
      });
      setTimeout(() => channel.nack(message, false, true), 1000).unref();
    }
  }

  private async publishRetry(
    envelope: EventEnvelope,
    consumer: string,
    attempt: number,
    delayMs: number,
  ): Promise<void> {
    const channel = this.publisher;
    if (!channel) throw new Error('RabbitMQ is not connected');
    const target = this.queueName(consumer);
    const retryQueue = `${target}.retry.${delayMs}`;
    if (!this.declaredRetryQueues.has(retryQueue)) {
      await channel.assertQueue(retryQueue, {
        durable: true,
        arguments: {
          'x-message-ttl': delayMs,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': target,
        },
      });
      this.declaredRetryQueues.add(retryQueue);
    }
    await new Promise<void>((resolve, reject) => {
      channel.sendToQueue(
        retryQueue,
        Buffer.from(JSON.stringify(envelope)),
        {
          persistent: true,
          messageId: envelope.id,
          type: envelope.type,
          contentType: 'application/json',
          headers: { [ATTEMPT_HEADER]: attempt },
        },
        (error: unknown) => (error ? reject(asError(error)) : resolve()),
      );
    });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
