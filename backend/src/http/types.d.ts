// Request fields set by our middleware.
import type { Logger } from 'pino';
import type { Scope } from '@penguinmails/sysmon-contract';

declare global {
  namespace Express {
    interface Request {
      id?: string;
      log?: Logger;
      scopes?: Scope[];
      /** Which configured token the request carried (api, operator, ingest, metrics). */
      token?: string;
    }
  }
}

export {};
