import { Job, exponentialBackoff } from '@adonisjs/queue'
import type { JobOptions } from '@adonisjs/queue/types'
import outbound from '#plugins/email/services/outbound_service'

/**
 * What travels through the queue: ids only, never message content.
 */
export interface DeliverReplyPayload {
  tenantId: number
  messageId: number
}

/**
 * Delivers one outbound email message. Failures worth retrying are
 * retried with exponential backoff (5 attempts over about 15 minutes);
 * after the last one the message is marked failed with the reason.
 */
export default class DeliverReplyJob extends Job<DeliverReplyPayload> {
  static options: JobOptions = {
    name: 'email.DeliverReply',
    timeout: '2m',
    retry: {
      maxRetries: 4,
      backoff: exponentialBackoff({
        baseDelay: '1m',
        multiplier: 2,
        maxDelay: '15m',
        jitter: true,
      }),
    },
  }

  /**
   * Sends the message.
   */
  async execute() {
    await outbound.deliver(this.payload.tenantId, this.payload.messageId)
  }

  /**
   * Marks the message failed once every attempt failed.
   */
  async failed(error: Error) {
    const reason = error.cause ?? error
    await outbound.markFailed(this.payload.tenantId, this.payload.messageId, reason)
  }
}
