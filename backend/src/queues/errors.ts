// The queue vertical's not-found errors (one wording for the REST API, the query handlers and the actions).
import { NotFoundError } from '../errors.ts';

export function queueNotFound(name: string | undefined): NotFoundError {
  return new NotFoundError('queue_not_found', `no queue named "${name ?? ''}" under the configured prefixes`);
}

export function jobNotFound(queue: string, id: string): NotFoundError {
  return new NotFoundError('job_not_found', `no job "${id}" in queue "${queue}"`);
}
