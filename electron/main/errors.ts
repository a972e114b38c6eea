// The one error type main's services throw. ipc.ts turns it (and anything else) into a plain IpcError envelope;
// Error instances never cross the process boundary.
import type { MainErrorCode } from '#shared/contracts/main-api';

export class MainFailure extends Error {
  readonly code: MainErrorCode;

  constructor(code: MainErrorCode, message: string) {
    super(message);
    this.name = 'MainFailure';
    this.code = code;
  }
}
