import type { ServerConfig } from '../config/loadConfig';
import type { SmsSender } from './SmsSender';
import { webhookSmsSender } from './webhookSmsSender';

/**
 * The SMS provider the configuration names, or null: SMS then stay in the outbox for instance
 * administrators to read. The one place to add a provider: a new variable in loadConfig.ts and
 * one branch here returning its SmsSender.
 */
export function smsSenderFromConfig(config: Pick<ServerConfig, 'smsWebhookUrl'>): SmsSender | null {
  if (config.smsWebhookUrl) return webhookSmsSender(config.smsWebhookUrl);
  return null;
}
