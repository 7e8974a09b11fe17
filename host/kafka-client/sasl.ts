/**
 * SASL authentication of a new connection (KIP-43, KIP-152), right after ApiVersions:
 * SaslHandshake v1 names the mechanism (the broker answers the ones it enables), then
 * SaslAuthenticate requests carry the mechanism's messages until it is done.
 *
 * - PLAIN (RFC 4616): one message, `\0user\0password`.
 * - SCRAM-SHA-256 / SCRAM-SHA-512 (scram.ts): client-first, client-final, then the server's
 *   signature is checked.
 *
 * Failures are worded for the user: a mechanism the broker does not enable (with the ones it
 * does), wrong credentials, a broker that could not prove it knows the password.
 */
import * as saslAuthenticate from '../../engine/protocol/apis/sasl-authenticate.js';
import * as saslHandshake from '../../engine/protocol/apis/sasl-handshake.js';
import { ErrorCode, KafkaError, errorName } from '../../engine/protocol/errors.js';
import type { BrokerConnection } from './connection.js';
import { ScramClient, ScramError } from './scram.js';
import { commonVersion, noCommonVersion, type BrokerVersions } from './versions.js';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export const saslMechanisms: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export interface SaslOptions {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

interface Exchange {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export async function authenticate(
  connection: BrokerConnection,
  versions: BrokerVersions,
  sasl: SaslOptions,
  exchange: Exchange,
): Promise<void> {
  const handshakeVersion = commonVersion(saslHandshake, versions);
  const authenticateVersion = commonVersion(saslAuthenticate, versions);
  if (handshakeVersion === null || handshakeVersion < 1)
    throw noCommonVersion(saslHandshake, versions, connection.label);
  if (authenticateVersion === null) throw noCommonVersion(saslAuthenticate, versions, connection.label);

  const handshake = await connection.send(
    saslHandshake,
    { mechanism: sasl.mechanism },
    { ...exchange, version: handshakeVersion },
  );
  if (handshake.errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
    const offered = handshake.mechanisms.length ? handshake.mechanisms.join(', ') : 'none';
    throw new KafkaError(
      ErrorCode.UNSUPPORTED_SASL_MECHANISM,
      `${connection.label} does not accept SASL mechanism ${sasl.mechanism} (it offers: ${offered})`,
    );
  }
  if (handshake.errorCode !== ErrorCode.NONE) {
    throw new KafkaError(
      handshake.errorCode as ErrorCode,
      `${connection.label} refused the SASL handshake: ${errorName(handshake.errorCode)}` +
        (handshake.errorCode === ErrorCode.ILLEGAL_SASL_STATE ? ' (is the listener without SASL?)' : ''),
    );
  }

  const step = async (message: Buffer): Promise<Buffer> => {
    const response = await connection.send(
      saslAuthenticate,
      { authBytes: message },
      { ...exchange, version: authenticateVersion },
    );
    if (response.errorCode === ErrorCode.SASL_AUTHENTICATION_FAILED) {
      throw new KafkaError(
        ErrorCode.SASL_AUTHENTICATION_FAILED,
        `authentication of user "${sasl.username}" with ${sasl.mechanism} failed: wrong user name or password` +
          (response.errorMessage ? ` (the broker says: ${response.errorMessage})` : ''),
      );
    }
    if (response.errorCode !== ErrorCode.NONE) {
      throw new KafkaError(
        response.errorCode as ErrorCode,
        `${sasl.mechanism} authentication failed: ${response.errorMessage ?? errorName(response.errorCode)}`,
      );
    }
    return response.authBytes;
  };

  if (sasl.mechanism === 'PLAIN') {
    await step(Buffer.from(`\0${sasl.username}\0${sasl.password}`, 'utf8'));
    return;
  }
  const scram = new ScramClient(
    sasl.mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512',
    sasl.username,
    sasl.password,
  );
  try {
    const serverFirst = await step(Buffer.from(scram.clientFirst(), 'utf8'));
    const serverFinal = await step(Buffer.from(scram.clientFinal(serverFirst.toString('utf8')), 'utf8'));
    scram.verifyServerFinal(serverFinal.toString('utf8'));
  } catch (error) {
    if (error instanceof ScramError) {
      throw new KafkaError(
        ErrorCode.SASL_AUTHENTICATION_FAILED,
        `${sasl.mechanism} with ${connection.label}: ${error.message}`,
      );
    }
    throw error;
  }
}
