/**
 * The one error type the codec throws for bad input: a frame that ends early, a count or length
 * that cannot fit in what is left, a varint longer than its type, a null where the schema forbids
 * one. Whoever reads untrusted bytes catches this type (and only this type) and answers with an
 * error code or closes the connection; any other exception from the codec is a bug in it.
 */
export class ProtocolDecodeError extends Error {
  // Typed as string so that subclasses (FrameSizeError) can name themselves.
  override readonly name: string = 'ProtocolDecodeError';
  constructor(
    message: string,
    /** Byte position in the buffer being read where the problem was found. */
    readonly position: number,
  ) {
    super(`${message} (at byte ${position})`);
  }
}
