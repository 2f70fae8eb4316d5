import { useEffect, useState } from 'react';
import type { SysmonClient } from '../../../api/client';
import { toServiceRequestError } from '../../../api/errors';
import type { JobDetail } from '@penguinmails/sysmon-contract';

interface JobDetailState {
  job?: JobDetail;
  error?: Error;
  loading: boolean;
}

interface Answer {
  /** Which request this answers (queue, id, reload count). */
  key: string;
  job?: JobDetail;
  error?: Error;
}

/** Loads one job's detail when the drawer opens (and again when reloadKey changes after an action). */
export function useJobDetail(client: SysmonClient, queue: string, id: string, reloadKey = 0): JobDetailState {
  const key = `${queue}|${id}|${reloadKey}`;
  const [answer, setAnswer] = useState<Answer | undefined>();
  useEffect(() => {
    let current = true;
    client.job(queue, id).then(
      (job) => current && setAnswer({ key, job }),
      (err) => current && setAnswer({ key, error: toServiceRequestError(err) })
    );
    return () => {
      current = false;
    };
  }, [client, queue, id, key]);

  const loading = answer?.key !== key;
  // While reloading the same job, keep showing it; another job starts empty.
  const sameJob = answer?.job?.id === id && answer.job.queue === queue;
  return loading
    ? { job: sameJob ? answer?.job : undefined, loading }
    : { job: answer.job, error: answer.error, loading };
}
