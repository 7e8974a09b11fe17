/**
 * SaslAuthenticate reaching the request handlers: on a PLAINTEXT listener, or after the
 * connection authenticated (sasl/authenticator.ts answers it before that). Kafka answers
 * ILLEGAL_SASL_STATE with this message in both cases.
 */
import * as saslAuthenticate from '../../protocol/apis/sasl-authenticate.js';
import type { SaslAuthenticateResponse } from '../../protocol/apis/sasl-authenticate.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';

function refused(errorCode: number, errorMessage: string | null): SaslAuthenticateResponse {
  return { errorCode, errorMessage, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0n };
}

export default defineHandler({
  api: saslAuthenticate,
  handle: async () =>
    refused(
      ErrorCode.ILLEGAL_SASL_STATE,
      'SaslAuthenticate request received after successful authentication',
    ),
  errorResponse: (_request, error) => refused(error, null),
});
