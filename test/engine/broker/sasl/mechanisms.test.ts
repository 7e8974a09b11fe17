/**
 * The server side of PLAIN and SCRAM on their own: the RFC 7677 worked example byte for byte,
 * a round trip with the host's independent SCRAM client for both hashes, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import {
  CredentialStore,
  scramCredential,
  type CredentialLookup,
} from '../../../../engine/broker/sasl/credentials.js';
import { PlainServer } from '../../../../engine/broker/sasl/plain-server.js';
import { ScramServer } from '../../../../engine/broker/sasl/scram-server.js';
import { SaslAuthenticationError } from '../../../../engine/broker/sasl/server.js';
import { ScramClient } from '../../../../host/kafka-client/scram.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
/** The message of the SaslAuthenticationError `step` throws. */
function refusal(step: () => unknown): string {
  try {
    step();
  } catch (error) {
    expect(error).toBeInstanceOf(SaslAuthenticationError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const users = new CredentialStore([
  { username: 'alice', password: 'alice-secret' },
  { username: 'b,o=b', password: 'bob-secret' },
]);

describe('SCRAM server', () => {
  it('answers the RFC 7677 SCRAM-SHA-256 example with its exact messages', () => {
    // RFC 7677 section 3: user "user", password "pencil", salt and nonces as printed there.
    const credential = scramCredential('sha256', 'pencil', Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
    const lookup: CredentialLookup = { credential: (name) => (name === 'user' ? credential : undefined) };
    const server = new ScramServer('SCRAM-SHA-256', lookup, '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0');
    const first = server.evaluate(utf8('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
    expect(first.complete).toBe(false);
    expect(first.response.toString()).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    const final = server.evaluate(
      utf8(
        'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      ),
    );
    expect(final.complete).toBe(true);
    expect(final.response.toString()).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    expect(server.username).toBe('user');
  });

  for (const [mechanism, hash] of [
    ['SCRAM-SHA-256', 'sha256'],
    ['SCRAM-SHA-512', 'sha512'],
  ] as const) {
    it(`authenticates the host's own client with ${mechanism}, escaped user names included`, () => {
      for (const [user, password] of [
        ['alice', 'alice-secret'],
        ['b,o=b', 'bob-secret'],
      ]) {
        const client = new ScramClient(hash, user!, password!);
        const server = new ScramServer(mechanism, users);
        const serverFirst = server.evaluate(utf8(client.clientFirst())).response.toString();
        const step = server.evaluate(utf8(client.clientFinal(serverFirst)));
        expect(step.complete).toBe(true);
        client.verifyServerFinal(step.response.toString());
        expect(server.username).toBe(user);
      }
    });

    it(`refuses a wrong password and an unknown user with ${mechanism} in the same words`, () => {
      const messages = [
        ['alice', 'wrong'],
        ['mallory', 'alice-secret'],
      ].map(([user, password]) => {
        const client = new ScramClient(hash, user!, password!);
        const server = new ScramServer(mechanism, users);
        const serverFirst = server.evaluate(utf8(client.clientFirst())).response.toString();
        return refusal(() => server.evaluate(utf8(client.clientFinal(serverFirst))));
      });
      expect(messages[0]).toBe(
        `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`,
      );
      expect(messages[1]).toBe(messages[0]);
    });
  }

  it('refuses a final message whose nonce or channel binding is not the one agreed', () => {
    const client = new ScramClient('sha256', 'alice', 'alice-secret', 'clientnonce');
    const server = new ScramServer('SCRAM-SHA-256', users, 'servernonce');
    const serverFirst = server.evaluate(utf8(client.clientFirst())).response.toString();
    const final = client.clientFinal(serverFirst);
    expect(() => new ScramServer('SCRAM-SHA-256', users, 'other').evaluate(utf8('garbage'))).toThrow(
      /Invalid SCRAM client first message/,
    );
    expect(() => server.evaluate(utf8(final.replace('r=clientnonceservernonce', 'r=clientnonceX')))).toThrow(
      /wrong nonce/,
    );
    const again = new ScramServer('SCRAM-SHA-256', users, 'servernonce');
    again.evaluate(utf8(client.clientFirst()));
    expect(() => again.evaluate(utf8(final.replace('c=biws', 'c=eSws')))).toThrow(/channel binding/);
  });
});

describe('PLAIN server', () => {
  it('accepts the right password, with or without an authorization id equal to the user', () => {
    for (const message of ['\0alice\0alice-secret', 'alice\0alice\0alice-secret']) {
      const server = new PlainServer(users);
      expect(server.evaluate(utf8(message))).toEqual({ response: Buffer.alloc(0), complete: true });
      expect(server.username).toBe('alice');
    }
  });

  it("refuses wrong passwords, unknown users and malformed messages with Kafka's words", () => {
    const refusedWith = (message: string) => refusal(() => new PlainServer(users).evaluate(utf8(message)));
    expect(refusedWith('\0alice\0wrong')).toBe('Authentication failed: Invalid username or password');
    expect(refusedWith('\0nobody\0alice-secret')).toBe('Authentication failed: Invalid username or password');
    expect(refusedWith('\0alice')).toBe('Invalid SASL/PLAIN response: expected 3 tokens, got 2');
    expect(refusedWith('\0\0pw')).toBe('Authentication failed: username not specified');
    expect(refusedWith('\0alice\0')).toBe('Authentication failed: password not specified');
    expect(refusedWith('bob\0alice\0alice-secret')).toBe(
      'Authentication failed: Client requested an authorization id that is different from username',
    );
  });

  it('keeps no password: the store holds salted keys that differ per user and per start', () => {
    const again = new CredentialStore([{ username: 'alice', password: 'alice-secret' }]);
    const a = users.credential('alice', 'sha512')!;
    const b = again.credential('alice', 'sha512')!;
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(a.storedKey.equals(b.storedKey)).toBe(false);
    expect(JSON.stringify(a)).not.toContain('alice-secret');
  });
});
