/**
 * SaslHandshake reaching the request handlers: on a PLAINTEXT listener, or again after a
 * connection authenticated (sasl/authenticator.ts answers it before that). Kafka answers both
 * ILLEGAL_SASL_STATE with no mechanisms, and so does this.
 */
import * as saslHandshake from '../../protocol/apis/sasl-handshake.js';
import { ErrorCode } from '../../protocol/errors.js';
import { defineHandler } from '../handler.js';

export default defineHandler({
  api: saslHandshake,
  handle: async () => ({ errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] }),
  errorResponse: (_request, error) => ({ errorCode: error, mechanisms: [] }),
});
