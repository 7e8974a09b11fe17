/**
 * SASL/PLAIN (RFC 4616) as Kafka's PlainSaslServer: one message `[authzid] NUL user NUL password`,
 * checked against the user's stored credential. An authorization id, if sent, must be the user
 * itself. Every refusal names no detail that would tell a guesser which part was wrong.
 */
import { passwordMatches, type CredentialLookup } from './credentials.js';
import { SaslAuthenticationError, type SaslServer, type SaslStep } from './server.js';

const INVALID = 'Authentication failed: Invalid username or password';

export class PlainServer implements SaslServer {
  readonly mechanism = 'PLAIN';
  username: string | null = null;

  constructor(private readonly users: CredentialLookup) {}

  evaluate(token: Buffer): SaslStep {
    if (this.username !== null) throw new SaslAuthenticationError('Authentication failed: already complete');
    const parts = token.toString('utf8').split('\0');
    if (parts.length !== 3) {
      throw new SaslAuthenticationError(
        `Invalid SASL/PLAIN response: expected 3 tokens, got ${parts.length}`,
      );
    }
    const [authorizationId, username, password] = parts as [string, string, string];
    if (username === '') throw new SaslAuthenticationError('Authentication failed: username not specified');
    if (password === '') throw new SaslAuthenticationError('Authentication failed: password not specified');
    if (authorizationId !== '' && authorizationId !== username) {
      throw new SaslAuthenticationError(
        'Authentication failed: Client requested an authorization id that is different from username',
      );
    }
    const credential = this.users.credential(username, 'sha256');
    if (credential === undefined || !passwordMatches('sha256', credential, password)) {
      throw new SaslAuthenticationError(INVALID);
    }
    this.username = username;
    return { response: Buffer.alloc(0), complete: true };
  }
}
