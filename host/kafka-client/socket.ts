/**
 * Opens the TCP or TLS socket of a broker connection, within a deadline, and words what went
 * wrong the way a user can act on it: refused, unknown host, no answer, a certificate signed by
 * an unknown CA, a certificate for another host, a listener that does not speak TLS.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import { cancelled, formatDuration, unavailable, type ClientError } from './errors.js';

export interface TlsOptions {
  /** Certificate authorities to trust, PEM (default: the system's). */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Client certificate chain and key, PEM, for brokers that require client authentication. */
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
  readonly passphrase?: string;
  /**
   * Check that the broker's certificate names the host connected to (Kafka's
   * `ssl.endpoint.identification.algorithm=https`, the default). Off only for test setups.
   */
  readonly verifyHostname?: boolean;
}

export interface SocketOptions {
  readonly host: string;
  readonly port: number;
  readonly tls?: TlsOptions;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const networkWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'unknown host',
  EAI_AGAIN: 'the host name could not be resolved',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

const unknownCaCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
]);

/** One line saying why a socket failed, from Node's error codes. */
export function describeSocketError(
  error: NodeJS.ErrnoException,
  host: string,
): { words: string; retriable: boolean } {
  const code = error.code ?? '';
  if (unknownCaCodes.has(code)) {
    return {
      words: `TLS: the broker's certificate is not signed by a trusted CA (${code}); give the CA that signed it (ssl.truststore / ca)`,
      retriable: false,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      words: `TLS: the broker's certificate is not valid for the host name "${host}" (${error.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')})`,
      retriable: false,
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      words: `TLS: the broker's certificate ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not yet valid'}`,
      retriable: false,
    };
  }
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    /wrong version number|packet length too long/i.test(error.message)
  ) {
    return {
      words: 'TLS handshake failed: the listener does not speak TLS (is it PLAINTEXT or SASL_PLAINTEXT?)',
      retriable: false,
    };
  }
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) {
    return { words: `TLS handshake failed: ${error.message}`, retriable: false };
  }
  const words = networkWords[code];
  return { words: words ?? error.message, retriable: true };
}

/** Connects, resolving once the socket (and the TLS handshake) is up. */
export function openSocket(options: SocketOptions): Promise<Socket> {
  const { host, port, timeoutMs, signal } = options;
  const where = `${host}:${port}`;
  return new Promise<Socket>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const socket = options.tls ? tlsConnect(tlsOptions(options.tls, host, port)) : netConnect({ host, port });
    socket.setNoDelay(true);
    const finish = (error: ClientError | null): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off(options.tls ? 'secureConnect' : 'connect', onConnect);
      socket.off('close', onClose);
      if (error) {
        socket.destroy();
        reject(error);
      } else {
        resolve(socket);
      }
    };
    const onConnect = (): void => finish(null);
    let tcpUp = false;
    socket.once('connect', () => (tcpUp = true));
    // A TLS hello sent to a listener without TLS is read as a huge frame and the broker hangs up.
    const tlsCutOff = (): ClientError =>
      unavailable(
        `cannot connect to ${where}: the TLS handshake was cut off (does the listener use TLS?)`,
        false,
      );
    const onError = (error: NodeJS.ErrnoException): void => {
      if (options.tls && tcpUp && error.code === 'ECONNRESET') return finish(tlsCutOff());
      const { words, retriable } = describeSocketError(error, host);
      finish(unavailable(`cannot connect to ${where}: ${words}`, retriable));
    };
    const onClose = (): void =>
      finish(
        options.tls && tcpUp
          ? tlsCutOff()
          : unavailable(`cannot connect to ${where}: the connection was closed`),
      );
    const onAbort = (): void => finish(cancelled());
    const timer = setTimeout(
      () => finish(unavailable(`cannot connect to ${where}: no answer within ${formatDuration(timeoutMs)}`)),
      timeoutMs,
    );
    socket.once(options.tls ? 'secureConnect' : 'connect', onConnect);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function tlsOptions(tls: TlsOptions, host: string, port: number): TlsConnectOptions {
  const options: TlsConnectOptions = { host, port, rejectUnauthorized: true };
  // SNI only carries names, never IP addresses.
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) options.servername = host;
  if (tls.ca !== undefined) options.ca = tls.ca as TlsConnectOptions['ca'];
  if (tls.cert !== undefined) options.cert = tls.cert;
  if (tls.key !== undefined) options.key = tls.key;
  if (tls.passphrase !== undefined) options.passphrase = tls.passphrase;
  if (tls.verifyHostname === false) options.checkServerIdentity = () => undefined;
  return options;
}
