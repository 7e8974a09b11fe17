/**
 * Errors as they cross every boundary (worker port, IPC, HTTP, WebSocket): one plain envelope
 * `{ name, code, message, issues?, kafka? }`, rebuilt as a typed `ApiError` on the other side.
 * Never a stack trace: the envelope says what went wrong in words a user can act on.
 */
import { z } from 'zod';

/**
 * What kind of failure it is, so callers can react without parsing messages:
 * - INVALID_INPUT: the input failed its schema; `issues` names each bad field.
 * - UNKNOWN_METHOD: no such method or stream in the contract.
 * - NOT_FOUND: the topic, group, job, connection or record does not exist.
 * - ALREADY_EXISTS: creating something that is already there.
 * - CONFLICT: the request does not fit the current state (killing a broker that is down,
 *   resetting the offsets of a group that has members).
 * - LOCAL_ONLY: the feature exists only for the embedded cluster (faults, its event stream).
 * - KAFKA: the cluster answered with a Kafka error code; `kafka` carries it.
 * - UNAVAILABLE: the cluster or the connection cannot be reached (or is still starting).
 * - TIMEOUT: the cluster did not answer in time.
 * - CANCELLED: the caller cancelled the call or the job.
 * - UNAUTHORIZED / FORBIDDEN: a transport refused the caller (missing token, foreign origin).
 * - INTERNAL: a bug in Brokerlab; the message says where to look.
 */
export const apiErrorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_METHOD',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CONFLICT',
  'LOCAL_ONLY',
  'KAFKA',
  'UNAVAILABLE',
  'TIMEOUT',
  'CANCELLED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'INTERNAL',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];

/** One problem with the input: where (`path`, e.g. ["partitions", 2, "offset"]) and what. */
export const inputIssueSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string(),
});
export type InputIssue = z.infer<typeof inputIssueSchema>;

export const errorEnvelopeSchema = z.object({
  name: z.string(),
  code: z.enum(apiErrorCodes),
  message: z.string(),
  issues: z.array(inputIssueSchema).optional(),
  /** Kafka's error (number and name, e.g. 36 TOPIC_ALREADY_EXISTS) when the cluster gave one. */
  kafka: z.object({ code: z.number().int(), name: z.string() }).optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export interface ApiErrorOptions {
  readonly issues?: readonly InputIssue[];
  readonly kafka?: { readonly code: number; readonly name: string };
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly issues: readonly InputIssue[] | undefined;
  readonly kafka: { readonly code: number; readonly name: string } | undefined;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message);
    this.issues = options.issues;
    this.kafka = options.kafka;
  }

  toEnvelope(): ErrorEnvelope {
    const envelope: ErrorEnvelope = { name: this.name, code: this.code, message: this.message };
    if (this.issues) envelope.issues = this.issues.map((i) => ({ ...i, path: [...i.path] }));
    if (this.kafka) envelope.kafka = { ...this.kafka };
    return envelope;
  }

  static fromEnvelope(envelope: ErrorEnvelope): ApiError {
    const options: { issues?: InputIssue[]; kafka?: { code: number; name: string } } = {};
    if (envelope.issues) options.issues = envelope.issues;
    if (envelope.kafka) options.kafka = envelope.kafka;
    return new ApiError(envelope.code, envelope.message, options);
  }
}

/** Reads an envelope that arrived from elsewhere; anything malformed becomes an INTERNAL error. */
export function parseErrorEnvelope(raw: unknown): ApiError {
  const parsed = errorEnvelopeSchema.safeParse(raw);
  if (parsed.success) return ApiError.fromEnvelope(parsed.data);
  return new ApiError('INTERNAL', 'the other side answered with a malformed error');
}

/** Turns zod issues into the envelope's issues and one message naming every bad field. */
export function invalidInput(what: string, issues: readonly z.core.$ZodIssue[]): ApiError {
  const mapped: InputIssue[] = issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
    code: issue.code,
  }));
  const parts = mapped.map((i) => (i.path.length ? `${formatPath(i.path)}: ${i.message}` : i.message));
  return new ApiError('INVALID_INPUT', `invalid input for ${what}: ${parts.join('; ')}`, { issues: mapped });
}

/** `["partitions", 2, "offset"]` → `partitions[2].offset`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
