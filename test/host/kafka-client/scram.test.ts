import { describe, expect, it } from 'vitest';
import { ScramClient, ScramError } from '../../../host/kafka-client/scram.js';

describe('SCRAM client', () => {
  it('matches the SCRAM-SHA-1 example of RFC 5802', () => {
    const client = new ScramClient('sha1', 'user', 'pencil', 'fyko+d2lbbFgONRv9qkxdawL');
    expect(client.clientFirst()).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
    const final = client.clientFinal(
      'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    );
    expect(final).toBe('c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=');
    expect(() => client.verifyServerFinal('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=')).not.toThrow();
  });

  it('matches the SCRAM-SHA-256 example of RFC 7677', () => {
    const client = new ScramClient('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    expect(client.clientFirst()).toBe('n,,n=user,r=rOprNGfwEbeRWgbNEkqO');
    const final = client.clientFinal(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(final).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    expect(() => client.verifyServerFinal('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).not.toThrow();
  });

  it('refuses a server whose signature does not prove it knows the password', () => {
    const client = new ScramClient('sha256', 'user', 'pencil', 'rOprNGfwEbeRWgbNEkqO');
    client.clientFinal(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(() => client.verifyServerFinal('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')).toThrow(
      /does not know the password/,
    );
  });

  it('refuses a server nonce that does not extend its own, and too few iterations', () => {
    const client = new ScramClient('sha512', 'user', 'pencil', 'abc');
    expect(() => client.clientFinal('r=xyz123,s=QSXCR+Q6sek8bf92,i=4096')).toThrow(ScramError);
    expect(() => client.clientFinal('r=abcdef,s=QSXCR+Q6sek8bf92,i=1000')).toThrow(/1000 SCRAM iterations/);
  });

  it('reports the error the server sends instead of its first message', () => {
    const client = new ScramClient('sha256', 'user', 'pencil');
    expect(() => client.clientFinal('e=unknown-user')).toThrow(/refused the authentication: unknown-user/);
  });

  it("escapes ',' and '=' in the user name", () => {
    expect(new ScramClient('sha256', 'a,b=c', 'p', 'n').clientFirst()).toBe('n,,n=a=2Cb=3Dc,r=n');
  });
});
