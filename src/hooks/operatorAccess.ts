// Whether the signed-in user may pause, retry or remove through a data source. The authority is the data source's
// operator route itself: Grafana's proxy refuses it below the Editor role (reqRole), and the service refuses it
// without the operator token. So the browser asks that route's whoami, once per data source and session.
import type { WhoamiResponse } from '@penguinmails/sysmon-contract';
import { toServiceRequestError } from '../api/errors';

// Answers that hold for the session: allowed, or refused by Grafana or the service.
const answers = new Map<string, boolean>();
// Probes in flight, so components mounting together share one request.
const probes = new Map<string, Promise<boolean>>();

/** A refusal that holds (401, 403: the role or the token); no answer or a 5xx may pass, so they are asked again. */
function isLasting(status: number): boolean {
  return status >= 400 && status < 500;
}

/** What is already known for this data source: undefined before the first answer (or after one that may pass). */
export function knownOperatorAccess(datasourceUid: string): boolean | undefined {
  return answers.get(datasourceUid);
}

/**
 * Whether the operator route lets this user act: its whoami must answer with the operator scope. Asked once per
 * data source; a lasting answer is remembered, a failure that may pass counts as "no" now and is asked again by the
 * next caller.
 */
export function probeOperatorAccess(datasourceUid: string, whoami: () => Promise<WhoamiResponse>): Promise<boolean> {
  const known = answers.get(datasourceUid);
  if (known !== undefined) {
    return Promise.resolve(known);
  }
  const inFlight = probes.get(datasourceUid);
  if (inFlight) {
    return inFlight;
  }
  const settle = (allowed: boolean, lasting: boolean) => {
    // Only the current probe records its answer (forgetOperatorAccess may have dropped it meanwhile).
    if (probes.get(datasourceUid) === probe) {
      probes.delete(datasourceUid);
      if (lasting) {
        answers.set(datasourceUid, allowed);
      }
    }
    return allowed;
  };
  const probe: Promise<boolean> = whoami().then(
    (response) => settle(response.scopes.includes('operator'), true),
    (err) => settle(false, isLasting(toServiceRequestError(err).status))
  );
  probes.set(datasourceUid, probe);
  return probe;
}

/** Forgets every answer (a new session, or a test's fresh Grafana). */
export function forgetOperatorAccess(): void {
  answers.clear();
  probes.clear();
}
