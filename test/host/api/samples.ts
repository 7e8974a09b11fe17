/**
 * For every method and stream of the contract: inputs that must pass, and inputs that must fail
 * with a message naming the field (`field`, as the path appears in the message). Shared by the
 * contract's tests and the service's dispatch tests; a missing entry fails the completeness test.
 */
import type { MethodName, StreamName } from '../../../host/api/index.js';

export interface Samples {
  readonly good: readonly unknown[];
  readonly bad: readonly { readonly input: unknown; readonly field: string }[];
}

const none: Samples = {
  good: [undefined, {}],
  bad: [{ input: { extra: true }, field: 'Unrecognized key: "extra"' }],
};
const broker: Samples = {
  good: [{ brokerId: 1 }],
  bad: [
    { input: {}, field: 'brokerId:' },
    { input: { brokerId: -1 }, field: 'brokerId: a broker id is 0 or more' },
    { input: { brokerId: 1.5 }, field: 'brokerId: a broker id is a whole number' },
  ],
};
const topic: Samples = {
  good: [{ name: 'orders' }, { name: 'a.b_c-1' }],
  bad: [
    { input: {}, field: 'name: a topic name is required' },
    { input: { name: '..' }, field: 'name: a topic name cannot be' },
    { input: { name: 'x'.repeat(250) }, field: 'name: a topic name has at most 249 characters' },
  ],
};
const group: Samples = {
  good: [{ groupId: 'billing' }],
  bad: [{ input: { groupId: '' }, field: 'groupId: a group id is required' }],
};
const terminal: Samples = {
  good: [{ id: 't1' }],
  bad: [{ input: {}, field: 'id: a terminal id is required' }],
};
const job: Samples = { good: [{ jobId: 'j1' }], bad: [{ input: {}, field: 'jobId:' }] };
const utf8 = (data: string) => ({ encoding: 'utf8', data });
const draft: Samples = {
  good: [{ subject: 'orders-value', schemaType: 'AVRO', schema: '"string"' }],
  bad: [
    {
      input: { subject: 'orders-value', schemaType: 'XML', schema: '"string"' },
      field: 'schemaType: the schema type is AVRO, PROTOBUF or JSON',
    },
    {
      input: { subject: 'orders-value', schemaType: 'AVRO', schema: '' },
      field: 'schema: a schema is required',
    },
  ],
};

export const methodSamples: Record<MethodName, Samples> = {
  'connections.list': none,
  'connections.active': none,
  'connections.select': {
    good: [{ id: 'embedded' }],
    bad: [{ input: { id: '' }, field: 'id: a connection id is required' }],
  },
  'connections.capabilities': none,
  'connections.add': {
    good: [
      { name: 'Local', bootstrap: 'localhost:9092' },
      {
        name: 'Prod',
        bootstrap: 'kafka-1.example.com:9093, [::1]:9094',
        securityProtocol: 'SASL_SSL',
        sasl: { mechanism: 'SCRAM-SHA-512', username: 'app', password: 'secret' },
        tls: {
          ca: { kind: 'file', path: '/etc/ssl/ca.pem' },
          certificate: { kind: 'pem', pem: '-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----' },
          key: { kind: 'pem', pem: '-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----' },
          verifyHostname: false,
        },
        clientId: 'console',
        saveSecretsToFile: true,
      },
    ],
    bad: [
      { input: { name: '', bootstrap: 'a:1' }, field: 'name: a name is required' },
      { input: { name: 'x', bootstrap: 'nohost' }, field: 'bootstrap: bootstrap servers are host:port' },
      { input: { name: 'x', bootstrap: 'a:1', securityProtocol: 'SASL_SSL' }, field: 'sasl: SASL_SSL needs' },
      {
        input: { name: 'x', bootstrap: 'a:1', sasl: { username: 'u', password: 'p' } },
        field: 'sasl: SASL settings need',
      },
      {
        input: {
          name: 'x',
          bootstrap: 'a:1',
          securityProtocol: 'SSL',
          tls: { ca: { kind: 'pem', pem: 'x' } },
        },
        field: 'tls.ca.pem: PEM text starts with',
      },
      {
        input: {
          name: 'x',
          bootstrap: 'a:1',
          securityProtocol: 'SSL',
          tls: { certificate: { kind: 'file', path: '/c.pem' } },
        },
        field: 'tls.key: a client certificate and its private key go together',
      },
    ],
  },
  'connections.get': {
    good: [{ id: 'prod' }],
    bad: [{ input: {}, field: 'id:' }],
  },
  'connections.update': {
    good: [{ id: 'prod', settings: { name: 'Prod', bootstrap: 'a:1' } }],
    bad: [{ input: { id: 'prod', settings: { name: 'Prod' } }, field: 'settings.bootstrap:' }],
  },
  'connections.test': {
    good: [
      { id: 'prod' },
      { settings: { name: 'New', bootstrap: 'a:1' } },
      { id: 'prod', settings: { name: 'P', bootstrap: 'a:1' } },
    ],
    bad: [{ input: {}, field: 'settings: give the id of a saved connection or its settings' }],
  },
  'connections.remove': {
    good: [{ id: 'prod' }],
    bad: [{ input: { id: '' }, field: 'id: a connection id is required' }],
  },
  'connections.storage': none,
  'cluster.snapshot': none,
  'topics.list': {
    good: [undefined, {}, { includeInternal: true }],
    bad: [{ input: { includeInternal: 'yes' }, field: 'includeInternal:' }],
  },
  'topics.describe': topic,
  'topics.configDefinitions': none,
  'topics.create': {
    good: [
      { name: 'orders' },
      {
        name: 'orders',
        partitions: 6,
        replicationFactor: 3,
        configs: { 'retention.ms': '1000' },
        validateOnly: true,
      },
    ],
    bad: [
      { input: { name: 'orders', partitions: 0 }, field: 'partitions: a topic has at least 1 partition' },
      {
        input: { name: 'orders', replicationFactor: 0 },
        field: 'replicationFactor: replicationFactor is at least 1',
      },
      { input: { name: 'orders', configs: { 'Retention MS': '1' } }, field: 'configs.Retention MS' },
      { input: { name: 'orders', configs: { 'retention.ms': 1000 } }, field: 'configs.retention.ms:' },
    ],
  },
  'topics.alterConfigs': {
    good: [
      { name: 'orders', set: { 'retention.ms': '1000' } },
      { name: 'orders', delete: ['retention.ms'] },
    ],
    bad: [
      { input: { name: 'orders' }, field: 'nothing to change' },
      {
        input: { name: 'orders', set: { 'a.b': '1' }, delete: ['a.b'] },
        field: 'delete: a config cannot be both set and deleted',
      },
    ],
  },
  'topics.addPartitions': {
    good: [{ name: 'orders', count: 12 }],
    bad: [{ input: { name: 'orders', count: 1 }, field: 'count: count is the new total, at least 2' }],
  },
  'topics.delete': topic,
  'topics.deleteRecords': {
    good: [
      {
        name: 'orders',
        partitions: [
          { partition: 0, beforeOffset: 10 },
          { partition: 1, beforeOffset: 'highWatermark' },
        ],
      },
    ],
    bad: [
      { input: { name: 'orders', partitions: [] }, field: 'partitions: give at least one partition' },
      {
        input: { name: 'orders', partitions: [{ partition: 0, beforeOffset: -1 }] },
        field: 'partitions[0].beforeOffset',
      },
    ],
  },
  'messages.browse': {
    good: [
      { topic: 'orders' },
      {
        topic: 'orders',
        partitions: [0, 2],
        start: { from: 'timestamp', timestamp: 1_700_000_000_000 },
        order: 'newest-first',
        limit: 500,
        filter: {
          key: { op: 'contains', text: 'abc' },
          value: { op: 'jsonPath', path: '$.items[*].sku', test: { op: 'regex', pattern: '^A-\\d+$' } },
          headers: [{ key: 'trace-id' }],
        },
      },
      { topic: 'orders', cursor: 'opaque' },
    ],
    bad: [
      { input: { topic: 'orders', limit: 5000 }, field: 'limit: a page has at most 1000 records' },
      {
        input: { topic: 'orders', partitions: [1, 1] },
        field: 'partitions: partitions are listed once each',
      },
      { input: { topic: 'orders', start: { from: 'offset' } }, field: 'start.offset: an offset is required' },
      { input: { topic: 'orders', start: { from: 'middle' } }, field: 'start.from: start is' },
      {
        input: { topic: 'orders', filter: { value: { op: 'regex', pattern: '(' } } },
        field: 'filter.value.pattern: not a valid regular expression',
      },
      {
        input: { topic: 'orders', filter: { value: { op: 'jsonPath', path: 'user.id' } } },
        field: 'filter.value.path: a JSON path looks like',
      },
    ],
  },
  'messages.get': {
    good: [{ topic: 'orders', partition: 0, offset: 42 }],
    bad: [{ input: { topic: 'orders', partition: 0, offset: -5 }, field: 'offset: an offset is 0 or more' }],
  },
  'messages.scan': {
    good: [{ topic: 'orders', filter: { value: { op: 'contains', text: 'x' } } }],
    bad: [
      { input: { topic: 'orders' }, field: 'filter:' },
      { input: { topic: 'orders', filter: {}, maxMatches: 0 }, field: 'maxMatches:' },
    ],
  },
  'messages.scanResults': {
    good: [{ jobId: 'j1' }, { jobId: 'j1', from: 100, limit: 50 }],
    bad: [{ input: { jobId: 'j1', limit: 0 }, field: 'limit:' }],
  },
  'messages.produce': {
    good: [
      { topic: 'orders', value: utf8('hello') },
      {
        topic: 'orders',
        partition: 1,
        key: { encoding: 'base64', data: '/wBB' },
        value: null,
        headers: [{ key: 'h', value: utf8('v') }],
        acks: 'leader',
        timestamp: 1,
      },
    ],
    bad: [
      { input: { topic: 'orders' }, field: 'value:' },
      {
        input: { topic: 'orders', value: { encoding: 'base64', data: '%%' } },
        field: 'value.data: data is not valid base64',
      },
      { input: { topic: 'orders', value: null, acks: 2 }, field: 'acks: acks is "all", "leader" or "none"' },
      {
        input: { topic: 'orders', value: null, headers: [{ key: '', value: null }] },
        field: 'headers[0].key: a header name is required',
      },
    ],
  },
  'messages.produceTemplate': {
    good: [{ topic: 'orders', count: 1000, key: 'k-{{seq}}', value: '{"id":"{{uuid}}","at":{{now}}}' }],
    bad: [
      { input: { topic: 'orders', count: 0, value: 'x' }, field: 'count: send at least 1 record' },
      { input: { topic: 'orders', count: 1.5, value: 'x' }, field: 'count: count is a whole number' },
    ],
  },
  'groups.list': none,
  'groups.describe': group,
  'groups.lagSeries': {
    good: [{ groupId: 'g' }, { groupId: 'g', since: 0 }],
    bad: [{ input: { groupId: 'g', since: -1 }, field: 'since:' }],
  },
  'groups.resetOffsets': {
    good: [
      { groupId: 'g', target: { to: 'earliest' } },
      { groupId: 'g', topic: 'orders', partitions: [0], target: { to: 'shift', by: -10 }, dryRun: true },
    ],
    bad: [
      { input: { groupId: 'g' }, field: 'target: target is earliest, latest, timestamp, offset or shift' },
      { input: { groupId: 'g', target: { to: 'offset', offset: 'x' } }, field: 'target.offset:' },
    ],
  },
  'groups.delete': group,
  'transactions.list': none,
  'transactions.describe': {
    good: [{ transactionalId: 'orders-tx' }],
    bad: [{ input: { transactionalId: '' }, field: 'transactionalId: a transactional id is required' }],
  },
  'transactions.partitions': {
    good: [{ topic: 'orders' }],
    bad: [{ input: { topic: '' }, field: 'topic: a topic name is required' }],
  },
  'schemas.list': none,
  'schemas.get': {
    good: [{ subject: 'orders-value' }, { subject: 'orders-value', version: 2 }],
    bad: [
      { input: { subject: '' }, field: 'subject: a subject is required' },
      { input: { subject: 'orders-value', version: 0 }, field: 'version: a version is 1 or more' },
    ],
  },
  'schemas.check': draft,
  'schemas.register': draft,
  'schemas.encode': {
    good: [
      { subject: 'orders-value', json: '{"id":1}' },
      { subject: 'orders-value', version: 2, json: '1' },
    ],
    bad: [{ input: { subject: 'orders-value' }, field: 'json: a JSON value is required' }],
  },
  'schemas.decode': {
    good: [{ bytes: { encoding: 'base64', data: 'AAAAAAE=' } }],
    bad: [
      { input: { bytes: { encoding: 'base64', data: '%%' } }, field: 'bytes.data: data is not valid base64' },
    ],
  },
  'schemas.delete': {
    good: [{ subject: 'orders-value' }, { subject: 'orders-value', version: 1, permanent: true }],
    bad: [{ input: { subject: 'orders-value', version: -1 }, field: 'version: a version is 1 or more' }],
  },
  'transactions.abort': {
    good: [
      { topic: 'orders', partition: 0 },
      { topic: 'orders', partition: 1, producerId: 4000 },
      { topic: 'orders', partition: 1, startOffset: 12 },
    ],
    bad: [
      { input: { topic: 'orders' }, field: 'partition: a partition number is required' },
      {
        input: { topic: 'orders', partition: 0, producerId: -1 },
        field: 'producerId: a producer id is 0 or more',
      },
    ],
  },
  'faults.list': none,
  'faults.killTransactionCoordinator': {
    good: [{ transactionalId: 'orders-tx' }],
    bad: [{ input: {}, field: 'transactionalId:' }],
  },
  'faults.killBroker': broker,
  'faults.stopBroker': broker,
  'faults.startBroker': broker,
  'faults.isolateBroker': {
    good: [{ brokerId: 2 }, { brokerId: 2, from: 'clients' }],
    bad: [{ input: { brokerId: 2, from: 'everyone' }, field: 'from:' }],
  },
  'faults.delayTraffic': {
    good: [
      { brokerId: 1, ms: 200 },
      { brokerId: 1, peerId: 2, ms: 5 },
    ],
    bad: [{ input: { brokerId: 1, ms: 0 }, field: 'ms: a delay is at least 1 ms' }],
  },
  'faults.dropTraffic': {
    good: [{ brokerId: 1, rate: 0.5 }],
    bad: [{ input: { brokerId: 1, rate: 0 }, field: 'rate: rate is more than 0' }],
  },
  'faults.slowDisk': { good: [{ brokerId: 1, ms: 50 }], bad: [{ input: { brokerId: 1 }, field: 'ms:' }] },
  'faults.fillDisk': broker,
  'faults.heal': {
    good: [{ faultId: 'f1' }, { brokerId: 3 }],
    bad: [
      { input: {}, field: 'give either faultId or brokerId' },
      { input: { faultId: 'f1', brokerId: 3 }, field: 'give either faultId or brokerId' },
    ],
  },
  'faults.healAll': none,
  'export.chooseFile': {
    good: [{ suggestedName: 'orders.jsonl', format: 'jsonl' }],
    bad: [
      {
        input: { suggestedName: 'a/b.jsonl', format: 'jsonl' },
        field: 'suggestedName: a file name has no directory',
      },
      { input: { suggestedName: 'o.xml', format: 'xml' }, field: 'format: format is "jsonl"' },
    ],
  },
  'export.start': {
    good: [
      { topic: 'orders', destination: { to: 'download' } },
      {
        topic: 'orders',
        partitions: [0, 2],
        start: { from: 'offset', offset: 10 },
        end: { to: 'timestamp', timestamp: 1_700_000_000_000 },
        filter: { value: { op: 'contains', text: 'x' } },
        format: 'csv',
        gzip: true,
        destination: { to: 'file', fileId: '0123456789abcdef0123456789abcdef' },
      },
    ],
    bad: [
      { input: { topic: 'orders' }, field: 'destination:' },
      {
        input: { topic: 'orders', format: 'parquet', gzip: true, destination: { to: 'download' } },
        field: 'gzip: Parquet compresses its own pages',
      },
      {
        input: { topic: 'orders', destination: { to: 'file', fileId: '../etc/passwd' } },
        field: 'destination.fileId: a file id is 32 hex digits',
      },
    ],
  },
  'import.chooseFile': none,
  'import.preview': {
    good: [{ fileId: '0123456789abcdef0123456789abcdef' }],
    bad: [{ input: { fileId: 'x' }, field: 'fileId: a file id is 32 hex digits' }],
  },
  'import.start': {
    good: [
      { topic: 'orders', fileId: '0123456789abcdef0123456789abcdef' },
      {
        topic: 'orders',
        fileId: '0123456789abcdef0123456789abcdef',
        format: 'csv',
        keepPartitions: true,
        keepTimestamps: true,
      },
    ],
    bad: [
      { input: { fileId: '0123456789abcdef0123456789abcdef' }, field: 'topic:' },
      {
        input: { topic: 'orders', fileId: '0123456789abcdef0123456789abcdef', format: 'parquet' },
        field: 'format: format is "jsonl" or "csv"',
      },
    ],
  },
  'terminals.open': {
    good: [undefined, {}, { cols: 120, rows: 40 }],
    bad: [
      { input: { cols: 1 }, field: 'cols: cols is 2 or more' },
      { input: { rows: 2.5 }, field: 'rows: rows is a whole number' },
    ],
  },
  'terminals.list': none,
  'terminals.write': {
    good: [{ id: 't1', data: 'ls\r' }],
    bad: [
      { input: { id: 't1' }, field: 'data: data (the text to send) is required' },
      { input: { id: '../1', data: 'x' }, field: 'id: a terminal id looks like t1' },
    ],
  },
  'terminals.resize': {
    good: [{ id: 't1', cols: 80, rows: 24 }],
    bad: [{ input: { id: 't1', cols: 80, rows: 0 }, field: 'rows: rows is 1 or more' }],
  },
  'terminals.ack': {
    good: [
      { id: 't1', offset: 0 },
      { id: 't1', offset: 4096 },
    ],
    bad: [
      { input: { id: 't1' }, field: 'offset: offset (how far the output is drawn) is required' },
      { input: { id: 't1', offset: -1 }, field: 'offset: offset is 0 or more' },
    ],
  },
  'terminals.close': terminal,
  'jobs.list': none,
  'jobs.status': job,
  'jobs.cancel': job,
};

export const streamSamples: Record<StreamName, Samples> = {
  'connections.changes': none,
  'cluster.events': {
    good: [undefined, {}, { afterSeq: 0 }],
    bad: [{ input: { afterSeq: -1 }, field: 'afterSeq:' }],
  },
  'messages.tail': {
    good: [
      { topic: 'orders' },
      { topic: 'orders', partitions: [0], filter: { key: { op: 'equals', text: 'k' } } },
    ],
    bad: [{ input: { topic: '' }, field: 'topic: a topic name is required' }],
  },
  'groups.lag': group,
  'terminals.output': terminal,
  'jobs.progress': { good: [undefined, { jobId: 'j1' }], bad: [{ input: { jobId: '' }, field: 'jobId:' }] },
};
