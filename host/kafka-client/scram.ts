/**
 * The client side of SCRAM (RFC 5802; SHA-256 per RFC 7677, SHA-512 as Kafka also offers):
 *
 *   client-first  n,,n=<user>,r=<client nonce>
 *   server-first  r=<client nonce + server nonce>,s=<salt, base64>,i=<iterations>
 *   client-final  c=biws,r=<nonce>,p=<proof, base64>
 *   server-final  v=<server signature, base64>   or   e=<error>
 *
 * SaltedPassword = PBKDF2(password, salt, i); ClientKey = HMAC(SaltedPassword, "Client Key");
 * StoredKey = H(ClientKey); AuthMessage = client-first-bare "," server-first "," client-final
 * without proof; proof = ClientKey XOR HMAC(StoredKey, AuthMessage). The server proves it knows
 * the password too: its signature is HMAC(HMAC(SaltedPassword, "Server Key"), AuthMessage),
 * checked before the exchange counts as done.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Kafka refuses fewer iterations than this (ScramMechanism's minimum). */
export const MIN_ITERATIONS = 4096;

export type ScramHash = 'sha1' | 'sha256' | 'sha512';

/** A SCRAM exchange failed: the message says why, in words. */
export class ScramError extends Error {
  override readonly name = 'ScramError';
}

const hashBytes: Record<ScramHash, number> = { sha1: 20, sha256: 32, sha512: 64 };

/** RFC 5802's saslname: ',' and '=' escaped. */
function saslName(user: string): string {
  return user.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function attributes(message: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of message.split(',')) {
    const eq = part.indexOf('=');
    if (eq === 1) out.set(part[0]!, part.slice(2));
  }
  return out;
}

export class ScramClient {
  private readonly clientFirstBare: string;
  private serverSignature: Buffer | null = null;

  constructor(
    private readonly hash: ScramHash,
    user: string,
    private readonly password: string,
    /** Fixed only by tests; a fresh random nonce otherwise. */
    private readonly clientNonce = randomBytes(24).toString('base64url'),
  ) {
    this.clientFirstBare = `n=${saslName(user)},r=${this.clientNonce}`;
  }

  clientFirst(): string {
    return `n,,${this.clientFirstBare}`;
  }

  /** Answers the server's first message with the client's proof. */
  clientFinal(serverFirst: string): string {
    const attrs = attributes(serverFirst);
    const error = attrs.get('e');
    if (error) throw new ScramError(`the server refused the authentication: ${error}`);
    const nonce = attrs.get('r');
    const salt = attrs.get('s');
    const iterations = Number(attrs.get('i'));
    if (!nonce || !salt || !Number.isInteger(iterations)) {
      throw new ScramError(`the server's first SCRAM message is malformed: ${JSON.stringify(serverFirst)}`);
    }
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw new ScramError("the server's SCRAM nonce does not extend the client's");
    }
    if (iterations < MIN_ITERATIONS) {
      throw new ScramError(
        `the server asks for ${iterations} SCRAM iterations, fewer than the minimum ${MIN_ITERATIONS}`,
      );
    }
    const salted = pbkdf2Sync(
      this.password,
      Buffer.from(salt, 'base64'),
      iterations,
      hashBytes[this.hash],
      this.hash,
    );
    const clientKey = this.hmac(salted, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const signature = this.hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ signature[i]!;
    this.serverSignature = this.hmac(this.hmac(salted, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /** Checks the server's signature; throws when the server does not know the password. */
  verifyServerFinal(serverFinal: string): void {
    const attrs = attributes(serverFinal);
    const error = attrs.get('e');
    if (error) throw new ScramError(`the server refused the authentication: ${error}`);
    const verifier = attrs.get('v');
    if (!this.serverSignature || !verifier) {
      throw new ScramError(`the server's final SCRAM message is malformed: ${JSON.stringify(serverFinal)}`);
    }
    const received = Buffer.from(verifier, 'base64');
    if (received.length !== this.serverSignature.length || !timingSafeEqual(received, this.serverSignature)) {
      throw new ScramError("the server's SCRAM signature is wrong: it does not know the password");
    }
  }

  private hmac(key: Buffer, text: string): Buffer {
    return createHmac(this.hash, key).update(text).digest();
  }
}
