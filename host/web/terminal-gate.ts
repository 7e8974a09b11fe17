/**
 * `brokerlab serve --no-terminal`: a console whose browser side may not start shells. The
 * terminals' methods and their output stream are then refused with FORBIDDEN before they reach
 * the service, and the console's Terminal view says why.
 */
import { ApiError } from '../api/errors.js';

export function isTerminalEntry(name: string): boolean {
  return name.startsWith('terminals.');
}

export function terminalsOff(): ApiError {
  return new ApiError(
    'FORBIDDEN',
    'terminals are turned off for this console (it was started with brokerlab serve --no-terminal)',
  );
}
