/**
 * One SASL exchange on the server side: the client's tokens in, the server's answers out, until
 * the mechanism says the client is who it claims. A wrong password or a malformed message throws
 * SaslAuthenticationError with the message Kafka sends back in SaslAuthenticate's error_message.
 */
import type { SaslMechanism } from './credentials.js';

export interface SaslStep {
  /** The server's token for the client (empty when the mechanism has nothing to say). */
  readonly response: Buffer;
  /** Authentication succeeded with this step. */
  readonly complete: boolean;
}

export interface SaslServer {
  readonly mechanism: SaslMechanism;
  evaluate(token: Buffer): SaslStep;
  /** The authenticated user, once complete. */
  readonly username: string | null;
}

export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
}
