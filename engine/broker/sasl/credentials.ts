/**
 * The SASL users of a listener and how their passwords are kept: never as given. Each user gets a
 * SCRAM credential per hash, as Kafka stores them in its metadata (RFC 5802):
 *
 *   SaltedPassword = PBKDF2(password, salt, iterations)
 *   StoredKey      = H(HMAC(SaltedPassword, "Client Key"))
 *   ServerKey      = HMAC(SaltedPassword, "Server Key")
 *
 * with a random 32-byte salt and 4096 iterations (Kafka's minimum and its tools' default). SCRAM
 * exchanges check the client's proof against StoredKey; PLAIN, which receives the password itself,
 * derives the same keys from it and compares (so a PLAIN login costs one PBKDF2, a few ms).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export const saslMechanisms: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

export type ScramHash = 'sha256' | 'sha512';
const hashLength: Record<ScramHash, number> = { sha256: 32, sha512: 64 };

/** Kafka's ScramMechanism minimum, and the iterations its tools use by default. */
export const SCRAM_ITERATIONS = 4096;

export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

export interface SaslUser {
  readonly username: string;
  readonly password: string;
}

export function hmac(hash: ScramHash, key: Buffer, text: string | Buffer): Buffer {
  return createHmac(hash, key).update(text).digest();
}

export function digest(hash: ScramHash, data: Buffer): Buffer {
  return createHash(hash).update(data).digest();
}

function keysFor(hash: ScramHash, password: string, salt: Buffer, iterations: number) {
  const salted = pbkdf2Sync(password, salt, iterations, hashLength[hash], hash);
  return {
    storedKey: digest(hash, hmac(hash, salted, 'Client Key')),
    serverKey: hmac(hash, salted, 'Server Key'),
  };
}

/** A new SCRAM credential for a password (a fresh salt unless one is given, for tests). */
export function scramCredential(
  hash: ScramHash,
  password: string,
  salt: Buffer = randomBytes(32),
  iterations = SCRAM_ITERATIONS,
): ScramCredential {
  return { salt, iterations, ...keysFor(hash, password, salt, iterations) };
}

/** Whether a password is the one a credential was made from (constant time in the keys). */
export function passwordMatches(hash: ScramHash, credential: ScramCredential, password: string): boolean {
  const { storedKey } = keysFor(hash, password, credential.salt, credential.iterations);
  return timingSafeEqual(storedKey, credential.storedKey);
}

/** Where a SASL exchange finds a user's credential. */
export interface CredentialLookup {
  credential(username: string, hash: ScramHash): ScramCredential | undefined;
}

/** Each user's credentials, by user name; the passwords themselves are not kept. */
export class CredentialStore implements CredentialLookup {
  private readonly users = new Map<string, Readonly<Record<ScramHash, ScramCredential>>>();

  constructor(users: readonly SaslUser[]) {
    for (const { username, password } of users) {
      if (username === '') throw new RangeError('a SASL user needs a name');
      if (this.users.has(username)) throw new RangeError(`SASL user ${username} is given twice`);
      this.users.set(username, {
        sha256: scramCredential('sha256', password),
        sha512: scramCredential('sha512', password),
      });
    }
  }

  get size(): number {
    return this.users.size;
  }

  credential(username: string, hash: ScramHash): ScramCredential | undefined {
    return this.users.get(username)?.[hash];
  }
}
