/**
 * The authentication state of one connection on a SASL listener, as Kafka's
 * SaslServerAuthenticator runs it (KIP-43, KIP-152):
 *
 *   handshake      ApiVersions (answered as usual, any number of times) or SaslHandshake. A
 *                  mechanism the listener does not enable is answered UNSUPPORTED_SASL_MECHANISM
 *                  with the enabled ones, then the connection closes.
 *   authenticate   after SaslHandshake v1: SaslAuthenticate requests carry the tokens. A failure
 *                  is answered SASL_AUTHENTICATION_FAILED with Kafka's message, then the
 *                  connection closes. Sessions never expire (session_lifetime_ms 0, as with
 *                  Kafka's default connections.max.reauth.ms=0).
 *   raw-token      after SaslHandshake v0: tokens in bare size-prefixed frames, answered the same
 *                  way; a failure just closes the connection (v0 has no way to say why).
 *   complete       every request is served; SaslHandshake and SaslAuthenticate now reach their
 *                  handlers, which answer ILLEGAL_SASL_STATE as Kafka does.
 *
 * Any other request before `complete` closes the connection.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import * as saslAuthenticate from '../../protocol/apis/sasl-authenticate.js';
import * as saslHandshake from '../../protocol/apis/sasl-handshake.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DecodedRequest } from '../../protocol/registry.js';
import type { SaslMechanism } from './credentials.js';
import { saslServer, type ListenerSasl } from './listener-sasl.js';
import { SaslAuthenticationError, type SaslServer } from './server.js';

type State = 'handshake' | 'authenticate' | 'raw-token' | 'complete';

export type SaslDecision =
  /** Serve the request as usual. */
  | { readonly kind: 'dispatch' }
  /** Answer with this response; `close` once it is written, `reason` saying why. */
  | {
      readonly kind: 'answer';
      readonly api: typeof saslHandshake | typeof saslAuthenticate;
      readonly response: saslHandshake.SaslHandshakeResponse | saslAuthenticate.SaslAuthenticateResponse;
      readonly close: boolean;
      readonly reason?: string;
    }
  | { readonly kind: 'close'; readonly reason: string };

export type RawTokenDecision =
  { readonly kind: 'token'; readonly token: Buffer } | { readonly kind: 'close'; readonly reason: string };

export class SaslAuthenticator {
  private state: State = 'handshake';
  private server: SaslServer | null = null;

  constructor(private readonly sasl: ListenerSasl) {}

  get complete(): boolean {
    return this.state === 'complete';
  }

  /** The next frame is a bare SASL token (after SaslHandshake v0), not a request. */
  get expectsRawToken(): boolean {
    return this.state === 'raw-token';
  }

  /** Who authenticated, once complete. */
  get principal(): string | null {
    return this.server?.username ?? null;
  }

  onRequest(decoded: DecodedRequest): SaslDecision {
    if (this.state === 'complete') return { kind: 'dispatch' };
    const { apiKey } = decoded.header;
    if (this.state === 'handshake' && apiKey === ApiKey.ApiVersions) return { kind: 'dispatch' };
    if (this.state === 'handshake' && decoded.name === 'SaslHandshake') {
      return this.handshake(decoded.request.mechanism, decoded.header.apiVersion);
    }
    if (this.state === 'authenticate' && decoded.name === 'SaslAuthenticate') {
      return this.authenticate(decoded.request.authBytes);
    }
    return {
      kind: 'close',
      reason: `unexpected ${decoded.name} request during SASL ${this.state === 'handshake' ? 'handshake' : 'authentication'}`,
    };
  }

  onRawToken(token: Buffer): RawTokenDecision {
    try {
      const step = this.server!.evaluate(token);
      if (step.complete) this.state = 'complete';
      return { kind: 'token', token: step.response };
    } catch (error) {
      if (!(error instanceof SaslAuthenticationError)) throw error;
      return { kind: 'close', reason: error.message };
    }
  }

  private handshake(mechanism: string, version: number): SaslDecision {
    const enabled = this.sasl.mechanisms;
    if (!enabled.includes(mechanism as SaslMechanism)) {
      return {
        kind: 'answer',
        api: saslHandshake,
        response: { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled },
        close: true,
        reason: `unsupported SASL mechanism ${mechanism}`,
      };
    }
    this.server = saslServer(this.sasl, mechanism as SaslMechanism);
    this.state = version === 0 ? 'raw-token' : 'authenticate';
    return {
      kind: 'answer',
      api: saslHandshake,
      response: { errorCode: ErrorCode.NONE, mechanisms: enabled },
      close: false,
    };
  }

  private authenticate(token: Buffer): SaslDecision {
    try {
      const step = this.server!.evaluate(token);
      if (step.complete) this.state = 'complete';
      return {
        kind: 'answer',
        api: saslAuthenticate,
        response: {
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          authBytes: step.response,
          sessionLifetimeMs: 0n,
        },
        close: false,
      };
    } catch (error) {
      if (!(error instanceof SaslAuthenticationError)) throw error;
      return {
        kind: 'answer',
        api: saslAuthenticate,
        response: {
          errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
          errorMessage: error.message,
          authBytes: Buffer.alloc(0),
          sessionLifetimeMs: 0n,
        },
        close: true,
        reason: error.message,
      };
    }
  }
}
