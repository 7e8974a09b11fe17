/**
 * The console's one contract: every method (name → input schema, output schema, one-line doc)
 * and every stream (name → args schema, event schema, doc). Electron's IPC channels, the preload's
 * `window.brokerlab`, the web host's routes, the worker's RPC and the `ConsoleApi` type are all
 * derived from these two tables; adding a method is one entry here plus its implementation.
 *
 * Names are `domain.verb`. Inputs are strict (unknown keys are refused, naming the key); outputs
 * drop keys they do not list. Long work is a job (`jobs.*`) with progress and cancel.
 */
import { z } from 'zod';
import { clusterEventSchema, clusterEventsArgsSchema, clusterSnapshotSchema } from './schemas/cluster.js';
import { noInputSchema } from './schemas/common.js';
import {
  capabilitiesSchema,
  connectionEventSchema,
  connectionIdInputSchema,
  connectionRefOutputSchema,
  connectionSchema,
  connectionSettingsSchema,
  connectionStorageSchema,
  connectionsTestInputSchema,
  connectionsUpdateInputSchema,
  connectionTestReportSchema,
  savedConnectionSchema,
} from './schemas/connections.js';
import {
  brokerInputSchema,
  delayInputSchema,
  faultOutputSchema,
  faultsListOutputSchema,
  healedOutputSchema,
  healInputSchema,
  isolateInputSchema,
  lossInputSchema,
  slowDiskInputSchema,
} from './schemas/faults.js';
import {
  groupDescriptionSchema,
  groupIdInputSchema,
  groupRefOutputSchema,
  groupSummarySchema,
  lagArgsSchema,
  lagSampleSchema,
  lagSeriesInputSchema,
  lagSeriesOutputSchema,
  resetOffsetsInputSchema,
  resetOffsetsOutputSchema,
} from './schemas/groups.js';
import { jobIdInputSchema, jobsProgressArgsSchema, jobStatusSchema } from './schemas/jobs.js';
import {
  schemaCheckOutputSchema,
  schemaDecodeInputSchema,
  schemaEncodeInputSchema,
  schemaEncodeOutputSchema,
  schemaDecodeOutputSchema,
  schemaDeleteInputSchema,
  schemaDeleteOutputSchema,
  schemaDraftInputSchema,
  schemaRegisterOutputSchema,
  schemasListOutputSchema,
  schemaVersionInputSchema,
  schemaVersionSchema,
} from './schemas/schema-registry.js';
import {
  browseInputSchema,
  browseOutputSchema,
  getMessageInputSchema,
  jobRefSchema,
  messageRecordSchema,
  produceInputSchema,
  produceOutputSchema,
  produceTemplateInputSchema,
  scanInputSchema,
  scanResultsInputSchema,
  scanResultsOutputSchema,
  tailArgsSchema,
  tailEventSchema,
} from './schemas/messages.js';
import {
  configDefinitionSchema,
  topicDescriptionSchema,
  topicNameInputSchema,
  topicRefOutputSchema,
  topicsAddPartitionsInputSchema,
  topicsAddPartitionsOutputSchema,
  topicsAlterConfigsInputSchema,
  topicsCreateInputSchema,
  topicsCreateOutputSchema,
  topicsDeleteRecordsInputSchema,
  topicsDeleteRecordsOutputSchema,
  topicsListInputSchema,
  topicSummarySchema,
} from './schemas/topics.js';
import {
  chosenOpenFileSchema,
  chosenSaveFileSchema,
  exportChooseFileInputSchema,
  exportInputSchema,
  importInputSchema,
  importPreviewInputSchema,
  importPreviewSchema,
} from './schemas/transfer.js';
import {
  abortTransactionInputSchema,
  abortTransactionOutputSchema,
  partitionStabilitySchema,
  transactionIdInputSchema,
  transactionPartitionsInputSchema,
  transactionSchema,
} from './schemas/transactions.js';
import {
  terminalIdInputSchema,
  terminalOpenInputSchema,
  terminalOutputArgsSchema,
  terminalOutputEventSchema,
  terminalRefOutputSchema,
  terminalResizeInputSchema,
  terminalSchema,
  terminalWriteInputSchema,
  terminalAckInputSchema,
} from './schemas/terminals.js';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly doc: string;
  readonly input: I;
  readonly output: O;
  /** Only the embedded cluster has it: on a remote connection it answers LOCAL_ONLY. */
  readonly localOnly?: boolean;
}

export interface StreamSpec<A extends z.ZodType = z.ZodType, E extends z.ZodType = z.ZodType> {
  readonly doc: string;
  readonly args: A;
  readonly event: E;
  readonly localOnly?: boolean;
}

// `const` keeps `localOnly: true` as a literal, so the types can tell local-only entries apart.
const method = <const S extends MethodSpec>(spec: S): S => spec;
const stream = <const S extends StreamSpec>(spec: S): S => spec;

export const methods = {
  // connections
  'connections.list': method({
    doc: 'Every connection, the embedded cluster first, with status and capabilities.',
    input: noInputSchema,
    output: z.array(connectionSchema),
  }),
  'connections.active': method({
    doc: 'The connection every other method works on.',
    input: noInputSchema,
    output: connectionSchema,
  }),
  'connections.select': method({
    doc: 'Makes another connection the active one (no restart).',
    input: connectionIdInputSchema,
    output: connectionSchema,
  }),
  'connections.capabilities': method({
    doc: 'Which local-only features the active connection has.',
    input: noInputSchema,
    output: capabilitiesSchema,
  }),
  'connections.add': method({
    doc: 'Saves a remote cluster connection (secrets kept as connections.storage says) and starts it.',
    input: connectionSettingsSchema,
    output: connectionSchema,
  }),
  'connections.get': method({
    doc: "A saved connection's settings for the edit form, without its secrets.",
    input: connectionIdInputSchema,
    output: savedConnectionSchema,
  }),
  'connections.update': method({
    doc: 'Changes a saved connection; secrets left out are kept; a running one restarts.',
    input: connectionsUpdateInputSchema,
    output: connectionSchema,
  }),
  'connections.test': method({
    doc: 'Tries a connection (saved or not) and reports what it reached or the first thing that failed.',
    input: connectionsTestInputSchema,
    output: connectionTestReportSchema,
  }),
  'connections.remove': method({
    doc: 'Forgets a saved connection and its secrets (the embedded cluster cannot be removed).',
    input: connectionIdInputSchema,
    output: connectionRefOutputSchema,
  }),
  'connections.storage': method({
    doc: 'Where connections are saved and how their secrets are kept.',
    input: noInputSchema,
    output: connectionStorageSchema,
  }),

  // cluster
  'cluster.snapshot': method({
    doc: 'Brokers with state, the controller, every partition with leader, replicas, ISR and offsets.',
    input: noInputSchema,
    output: clusterSnapshotSchema,
  }),

  // topics
  'topics.list': method({
    doc: 'Topics with partition counts, replication, size, record count and retention.',
    input: topicsListInputSchema,
    output: z.array(topicSummarySchema),
  }),
  'topics.describe': method({
    doc: 'One topic: partitions with leader, replicas, ISR and offsets, and every config with its source.',
    input: topicNameInputSchema,
    output: topicDescriptionSchema,
  }),
  'topics.configDefinitions': method({
    doc: "Kafka's topic configs with type, default and documentation, for the create and edit forms.",
    input: noInputSchema,
    output: z.array(configDefinitionSchema),
  }),
  'topics.create': method({
    doc: 'Creates a topic with partitions, replication factor and configs (or only validates them).',
    input: topicsCreateInputSchema,
    output: topicsCreateOutputSchema,
  }),
  'topics.alterConfigs': method({
    doc: "Sets and removes a topic's config overrides (incrementally; others are kept).",
    input: topicsAlterConfigsInputSchema,
    output: topicRefOutputSchema,
  }),
  'topics.addPartitions': method({
    doc: 'Raises the number of partitions of a topic to a new total.',
    input: topicsAddPartitionsInputSchema,
    output: topicsAddPartitionsOutputSchema,
  }),
  'topics.delete': method({
    doc: 'Deletes a topic and all its records.',
    input: topicNameInputSchema,
    output: topicRefOutputSchema,
  }),
  'topics.deleteRecords': method({
    doc: 'Deletes the records before an offset in chosen partitions (moves the log start offset).',
    input: topicsDeleteRecordsInputSchema,
    output: topicsDeleteRecordsOutputSchema,
  }),

  // messages
  'messages.browse': method({
    doc: 'A page of records from an offset, a time, the oldest or the newest, optionally filtered.',
    input: browseInputSchema,
    output: browseOutputSchema,
  }),
  'messages.get': method({
    doc: 'One record, whole (no truncation), by partition and offset.',
    input: getMessageInputSchema,
    output: messageRecordSchema,
  }),
  'messages.scan': method({
    doc: 'Starts a filtered scan over a range of a topic as a job; read matches with messages.scanResults.',
    input: scanInputSchema,
    output: jobRefSchema,
  }),
  'messages.scanResults': method({
    doc: 'Matches of a scan job so far, by index range.',
    input: scanResultsInputSchema,
    output: scanResultsOutputSchema,
  }),
  'messages.produce': method({
    doc: 'Produces one record with key, value, headers and an optional partition; answers its offset.',
    input: produceInputSchema,
    output: produceOutputSchema,
  }),
  'messages.produceTemplate': method({
    doc: 'Starts a job that produces many records from key, value and header templates.',
    input: produceTemplateInputSchema,
    output: jobRefSchema,
  }),

  // groups
  'groups.list': method({
    doc: 'Consumer groups with state, member count and total lag.',
    input: noInputSchema,
    output: z.array(groupSummarySchema),
  }),
  'groups.describe': method({
    doc: 'One group: members and assignments, and per partition committed offset, log end offset and lag.',
    input: groupIdInputSchema,
    output: groupDescriptionSchema,
  }),
  'groups.lagSeries': method({
    doc: "The group's recent lag samples (one a second), oldest first, for the lag chart.",
    input: lagSeriesInputSchema,
    output: lagSeriesOutputSchema,
  }),
  'groups.resetOffsets': method({
    doc: "Moves an inactive group's committed offsets (earliest, latest, time, offset, shift), or shows where they would go.",
    input: resetOffsetsInputSchema,
    output: resetOffsetsOutputSchema,
  }),
  'groups.delete': method({
    doc: 'Deletes an inactive group and its committed offsets.',
    input: groupIdInputSchema,
    output: groupRefOutputSchema,
  }),

  // schema registry (the embedded cluster's)
  'schemas.list': method({
    doc: "The schema registry's subjects with their versions, latest schema id and type, and the global compatibility level.",
    input: noInputSchema,
    output: schemasListOutputSchema,
    localOnly: true,
  }),
  'schemas.get': method({
    doc: "One version of a subject (the latest by default) with its schema and the subject's compatibility level.",
    input: schemaVersionInputSchema,
    output: schemaVersionSchema,
    localOnly: true,
  }),
  'schemas.check': method({
    doc: "Checks a draft schema against a subject under the subject's compatibility level, saying why when it is not compatible.",
    input: schemaDraftInputSchema,
    output: schemaCheckOutputSchema,
    localOnly: true,
  }),
  'schemas.register': method({
    doc: 'Registers a schema under a subject (the same schema again answers its id); an incompatible one is refused.',
    input: schemaDraftInputSchema,
    output: schemaRegisterOutputSchema,
    localOnly: true,
  }),
  'schemas.decode': method({
    doc: "Decodes a key or value in the schema registry's wire format into JSON, naming the subject and version of its schema.",
    input: schemaDecodeInputSchema,
    output: schemaDecodeOutputSchema,
    localOnly: true,
  }),
  'schemas.encode': method({
    doc: "Checks a JSON value against a subject's schema and encodes it in the registry's wire format, for producing.",
    input: schemaEncodeInputSchema,
    output: schemaEncodeOutputSchema,
    localOnly: true,
  }),
  'schemas.delete': method({
    doc: 'Deletes a subject or one version: softly first, then for good with permanent.',
    input: schemaDeleteInputSchema,
    output: schemaDeleteOutputSchema,
    localOnly: true,
  }),

  // transactions
  'transactions.list': method({
    doc: 'Every transactional id with state, producer id and epoch, coordinator, start time and partitions.',
    input: noInputSchema,
    output: z.array(transactionSchema),
  }),
  'transactions.describe': method({
    doc: 'One transactional id as its coordinator describes it.',
    input: transactionIdInputSchema,
    output: transactionSchema,
  }),
  'transactions.partitions': method({
    doc: "A topic's partitions: last stable offset beside the high watermark, and the open transactions holding it.",
    input: transactionPartitionsInputSchema,
    output: z.array(partitionStabilitySchema),
  }),
  'transactions.abort': method({
    doc: 'Aborts a hanging transaction on one partition with an ABORT marker, as kafka-transactions abort does.',
    input: abortTransactionInputSchema,
    output: abortTransactionOutputSchema,
  }),

  // faults (embedded cluster only)
  'faults.list': method({
    doc: 'The faults active now.',
    input: noInputSchema,
    output: faultsListOutputSchema,
    localOnly: true,
  }),
  'faults.killBroker': method({
    doc: 'Crashes a broker: its listener and links drop at once; unflushed data may be lost.',
    input: brokerInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.killTransactionCoordinator': method({
    doc: 'Crashes the broker coordinating a transactional id (found with FindCoordinator).',
    input: transactionIdInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.stopBroker': method({
    doc: 'Stops a broker gracefully, moving its leaderships away first.',
    input: brokerInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.startBroker': method({
    doc: 'Starts a killed or stopped broker again (heals its kill or stop).',
    input: brokerInputSchema,
    output: healedOutputSchema,
    localOnly: true,
  }),
  'faults.isolateBroker': method({
    doc: 'Cuts a broker off from the other brokers, from clients, or from both.',
    input: isolateInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.delayTraffic': method({
    doc: "Adds latency to a broker's links (or to one link).",
    input: delayInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.dropTraffic': method({
    doc: "Drops a share of the messages on a broker's links (or on one link).",
    input: lossInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.slowDisk': method({
    doc: "Makes every append on a broker's disk take longer.",
    input: slowDiskInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.fillDisk': method({
    doc: "Makes a broker's disk full: appends fail with KAFKA_STORAGE_ERROR, reads still work.",
    input: brokerInputSchema,
    output: faultOutputSchema,
    localOnly: true,
  }),
  'faults.heal': method({
    doc: 'Heals one fault by id, or every fault of one broker.',
    input: healInputSchema,
    output: healedOutputSchema,
    localOnly: true,
  }),
  'faults.healAll': method({
    doc: 'Heals every active fault.',
    input: noInputSchema,
    output: healedOutputSchema,
    localOnly: true,
  }),

  // export and import
  'export.chooseFile': method({
    doc: "Shows the desktop's save dialog and grants the chosen file to export.start (null: closed).",
    input: exportChooseFileInputSchema,
    output: chosenSaveFileSchema,
  }),
  'export.start': method({
    doc: 'Exports a topic (or partitions, a range, the matches of a filter) to a file as a job.',
    input: exportInputSchema,
    output: jobRefSchema,
  }),
  'import.chooseFile': method({
    doc: "Shows the desktop's open dialog and grants the chosen file to import.* (null: closed).",
    input: noInputSchema,
    output: chosenOpenFileSchema,
  }),
  'import.preview': method({
    doc: 'Parses the first records of a file to import and reports the first bad line.',
    input: importPreviewInputSchema,
    output: importPreviewSchema,
  }),
  'import.start': method({
    doc: 'Imports JSON Lines or CSV into a topic as a job; the result counts the records written.',
    input: importInputSchema,
    output: jobRefSchema,
  }),

  // terminals
  'terminals.open': method({
    doc: 'Opens a shell with BROKERLAB_BOOTSTRAP set to the active connection and brokerlab on its PATH.',
    input: terminalOpenInputSchema,
    output: terminalSchema,
  }),
  'terminals.list': method({
    doc: 'The open terminals, running or exited, oldest first.',
    input: noInputSchema,
    output: z.array(terminalSchema),
  }),
  'terminals.write': method({
    doc: "Sends keystrokes or pasted text to a terminal's shell.",
    input: terminalWriteInputSchema,
    output: terminalRefOutputSchema,
  }),
  'terminals.resize': method({
    doc: 'Resizes a terminal to a number of columns and rows.',
    input: terminalResizeInputSchema,
    output: terminalRefOutputSchema,
  }),
  'terminals.ack': method({
    doc: "Says how far a viewer has drawn a terminal's output; the shell pauses while its viewer falls far behind.",
    input: terminalAckInputSchema,
    output: terminalRefOutputSchema,
  }),
  'terminals.close': method({
    doc: 'Closes a terminal and ends its processes.',
    input: terminalIdInputSchema,
    output: terminalRefOutputSchema,
  }),

  // jobs
  'jobs.list': method({
    doc: 'Running jobs and recently finished ones.',
    input: noInputSchema,
    output: z.array(jobStatusSchema),
  }),
  'jobs.status': method({
    doc: "One job's state, progress (records, bytes, rate, ETA) and result.",
    input: jobIdInputSchema,
    output: jobStatusSchema,
  }),
  'jobs.cancel': method({
    doc: 'Cancels a running job; a finished job is left as it is.',
    input: jobIdInputSchema,
    output: jobStatusSchema,
  }),
} as const satisfies Record<string, MethodSpec>;

export const streams = {
  'connections.changes': stream({
    doc: 'The active connection, again whenever it changes or its status does.',
    args: noInputSchema,
    event: connectionEventSchema,
  }),
  'cluster.events': stream({
    doc: 'Faults and their consequences as they happen; replays the recent buffer after afterSeq first.',
    args: clusterEventsArgsSchema,
    event: clusterEventSchema,
    localOnly: true,
  }),
  'messages.tail': stream({
    doc: 'Records as they are appended, from the end at the time of subscribing, optionally filtered.',
    args: tailArgsSchema,
    event: tailEventSchema,
  }),
  'groups.lag': stream({
    doc: "The group's lag per partition, once a second.",
    args: lagArgsSchema,
    event: lagSampleSchema,
  }),
  'terminals.output': stream({
    doc: "A terminal's output (what it printed so far first, then as it comes) and its exit.",
    args: terminalOutputArgsSchema,
    event: terminalOutputEventSchema,
  }),
  'jobs.progress': stream({
    doc: "A job's status whenever it moves (at most a few times a second) and when it ends.",
    args: jobsProgressArgsSchema,
    event: jobStatusSchema,
  }),
} as const satisfies Record<string, StreamSpec>;

export type Methods = typeof methods;
export type Streams = typeof streams;
export type MethodName = keyof Methods & string;
export type StreamName = keyof Streams & string;

export const methodNames = Object.keys(methods) as MethodName[];
export const streamNames = Object.keys(streams) as StreamName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isStreamName(name: string): name is StreamName {
  return Object.hasOwn(streams, name);
}
