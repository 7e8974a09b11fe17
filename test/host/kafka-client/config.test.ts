import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientOptions, parseProperties } from '../../../host/kafka-client/config.js';

const dir = mkdtempSync(join(tmpdir(), 'brokerlab-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Kafka client properties', () => {
  it('parses Java properties files: separators, comments, continuations, escapes', () => {
    expect(
      parseProperties(
        [
          '# comment',
          '! also',
          'a=1',
          'b : two words',
          'c  three',
          'd=line\\',
          '   continued',
          'e=tab\\tand\\u0041',
          'f',
        ].join('\n'),
      ),
    ).toEqual({ a: '1', b: 'two words', c: 'three', d: 'linecontinued', e: 'tab\tandA', f: '' });
  });

  it('reads SASL settings from sasl.jaas.config, with the password from the environment', () => {
    const options = clientOptions(
      'h:9092',
      {
        'security.protocol': 'SASL_SSL',
        'sasl.mechanism': 'SCRAM-SHA-512',
        'sasl.jaas.config':
          'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="${env:KAFKA_PW}";',
        'client.id': 'me',
        'ssl.endpoint.identification.algorithm': '',
      },
      { KAFKA_PW: 's3cr"et' },
    );
    expect(options).toEqual({
      bootstrap: 'h:9092',
      clientId: 'me',
      sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 's3cr"et' },
      tls: { verifyHostname: false },
    });
  });

  it('reads PEM trust and key material from files', () => {
    writeFileSync(join(dir, 'ca.pem'), 'CA');
    writeFileSync(join(dir, 'client.pem'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const options = clientOptions(
      'h:1',
      {
        'security.protocol': 'SSL',
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': join(dir, 'ca.pem'),
        'ssl.certificate.location': join(dir, 'client.pem'),
        'ssl.key.location': join(dir, 'client.key'),
      },
      {},
    );
    expect(options.tls).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
  });

  it('refuses what it cannot honour, in words', () => {
    expect(() => clientOptions('h:1', { 'security.protocol': 'SASL' }, {})).toThrow(
      /PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL/,
    );
    expect(() => clientOptions('h:1', { 'security.protocol': 'SASL_PLAINTEXT' }, {})).toThrow(
      /needs a user name and password/,
    );
    expect(() =>
      clientOptions(
        'h:1',
        {
          'security.protocol': 'SASL_PLAINTEXT',
          'sasl.mechanism': 'GSSAPI',
          'sasl.username': 'u',
          'sasl.password': 'p',
        },
        {},
      ),
    ).toThrow(/PLAIN, SCRAM-SHA-256, SCRAM-SHA-512/);
    expect(() => clientOptions('h:1', { 'sasl.mechanism': 'PLAIN' }, {})).toThrow(
      /security.protocol is PLAINTEXT/,
    );
    expect(() =>
      clientOptions(
        'h:1',
        { 'security.protocol': 'SSL', 'ssl.truststore.location': '/x.jks', 'ssl.truststore.type': 'JKS' },
        {},
      ),
    ).toThrow(/give the CA as PEM/);
    expect(() => clientOptions('h:1', { 'sasl.password': '${env:NOPE_NOT_SET}' }, {})).toThrow(
      'environment variable NOPE_NOT_SET is not set',
    );
    expect(() => clientOptions('h:1', { 'request.timeout.ms': '0' }, {})).toThrow(/positive whole number/);
  });
});
