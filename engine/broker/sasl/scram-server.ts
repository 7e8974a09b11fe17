/**
 * SCRAM-SHA-256 and SCRAM-SHA-512 (RFC 5802, RFC 7677) as Kafka's ScramSaslServer, in two rounds:
 *
 *   client-first  n,,n=<user>,r=<client nonce>           (gs2 header `n,,` or `n,a=<user>,`)
 *   server-first  r=<client nonce + server nonce>,s=<salt, base64>,i=<iterations>
 *   client-final  c=<base64 of the gs2 header>,r=<same nonce>,p=<proof, base64>
 *   server-final  v=<server signature, base64>
 *
 * The proof is checked without the password: ClientSignature = HMAC(StoredKey, AuthMessage),
 * ClientKey = proof XOR ClientSignature, and H(ClientKey) must equal StoredKey. An unknown user or
 * a wrong proof fails with the same message, as Kafka words it, so a client cannot tell which.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digest, hmac, type CredentialLookup, type ScramCredential, type ScramHash } from './credentials.js';
import { SaslAuthenticationError, type SaslServer, type SaslStep } from './server.js';

type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

interface AwaitingFinal {
  readonly credential: ScramCredential | undefined;
  readonly username: string;
  readonly gs2Header: string;
  readonly nonce: string;
  readonly clientFirstBare: string;
  readonly serverFirst: string;
}

/** RFC 5802's saslname: `=2C` and `=3D` stand for ',' and '='; any other '=' is malformed. */
function decodeSaslName(name: string): string | null {
  if (/=(?!2C|3D)/.test(name)) return null;
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part[1] === '=') out.set(part[0]!, part.slice(2));
  }
  return out;
}

export class ScramServer implements SaslServer {
  username: string | null = null;
  private readonly hash: ScramHash;
  private awaiting: AwaitingFinal | null = null;

  constructor(
    readonly mechanism: ScramMechanism,
    private readonly users: CredentialLookup,
    /** Fixed only by tests; random otherwise. */
    private readonly serverNonce = randomBytes(24).toString('base64url'),
  ) {
    this.hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
  }

  evaluate(token: Buffer): SaslStep {
    if (this.username !== null) throw new SaslAuthenticationError('Authentication failed: already complete');
    const message = token.toString('utf8');
    return this.awaiting === null ? this.clientFirst(message) : this.clientFinal(message, this.awaiting);
  }

  private invalid(): SaslAuthenticationError {
    return new SaslAuthenticationError(
      `Authentication failed during authentication due to invalid credentials with SASL mechanism ${this.mechanism}`,
    );
  }

  private clientFirst(message: string): SaslStep {
    // gs2-header: no channel binding ('n'; 'y' also allowed: the client could have, we offer none),
    // an optional authzid, then client-first-bare.
    const match = /^([ny]),(?:a=([^,]*))?,(.*)$/.exec(message);
    if (!match)
      throw new SaslAuthenticationError(`Invalid SCRAM client first message: ${JSON.stringify(message)}`);
    const clientFirstBare = match[3]!;
    const attrs = attributes(clientFirstBare);
    const name = attrs.get('n');
    const clientNonce = attrs.get('r');
    if (name === undefined || !clientNonce || !clientFirstBare.startsWith('n=')) {
      throw new SaslAuthenticationError('Invalid SCRAM client first message: user name or nonce missing');
    }
    const username = decodeSaslName(name);
    if (username === null)
      throw new SaslAuthenticationError('Invalid SCRAM client first message: bad user name');
    const authorizationId = match[2] === undefined ? null : decodeSaslName(match[2]);
    if (authorizationId !== null && authorizationId !== username) {
      throw new SaslAuthenticationError(
        'Authentication failed: Client requested an authorization id that is different from username',
      );
    }
    const credential = this.users.credential(username, this.hash);
    // Kafka fails an unknown user only at the end too, with the same words as a wrong password;
    // a made-up salt keeps the first answer looking alike.
    const salt = credential?.salt ?? digest(this.hash, Buffer.from(`${this.serverNonce}${username}`));
    const iterations = credential?.iterations ?? 4096;
    const nonce = clientNonce + this.serverNonce;
    const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
    this.awaiting = {
      credential,
      username,
      gs2Header: message.slice(0, message.length - clientFirstBare.length),
      nonce,
      clientFirstBare,
      serverFirst,
    };
    return { response: Buffer.from(serverFirst, 'utf8'), complete: false };
  }

  private clientFinal(message: string, state: AwaitingFinal): SaslStep {
    const attrs = attributes(message);
    const channelBinding = attrs.get('c');
    const nonce = attrs.get('r');
    const proofText = attrs.get('p');
    const proofAt = message.lastIndexOf(',p=');
    if (channelBinding === undefined || nonce === undefined || proofText === undefined || proofAt < 0) {
      throw new SaslAuthenticationError(
        'Invalid SCRAM client final message: channel binding, nonce or proof missing',
      );
    }
    // RFC 5802 wants the nonce echoed exactly; librdkafka up to 2.0 sends the client nonce twice
    // (client nonce + the whole nonce), so, as Kafka's ScramSaslServer has long done, the nonce
    // need only end with the agreed one. The proof still covers the message as sent.
    if (!nonce.endsWith(state.nonce)) {
      throw new SaslAuthenticationError('Invalid SCRAM client final message: wrong nonce');
    }
    if (Buffer.from(channelBinding, 'base64').toString('utf8') !== state.gs2Header) {
      throw new SaslAuthenticationError('Invalid SCRAM client final message: channel binding does not match');
    }
    const { credential } = state;
    if (credential === undefined) throw this.invalid();
    const authMessage = `${state.clientFirstBare},${state.serverFirst},${message.slice(0, proofAt)}`;
    const proof = Buffer.from(proofText, 'base64');
    const signature = hmac(this.hash, credential.storedKey, authMessage);
    if (proof.length !== signature.length) throw this.invalid();
    const clientKey = Buffer.alloc(proof.length);
    for (let i = 0; i < proof.length; i++) clientKey[i] = proof[i]! ^ signature[i]!;
    if (!timingSafeEqual(digest(this.hash, clientKey), credential.storedKey)) throw this.invalid();
    this.username = state.username;
    const serverSignature = hmac(this.hash, credential.serverKey, authMessage);
    return { response: Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8'), complete: true };
  }
}
