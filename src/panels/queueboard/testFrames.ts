import { QUEUES_FRAME } from '@penguinmails/sysmon-contract';
import { contractFrame, type ContractRow } from '../../testUtils/contractFrame';

// Unset cells: a tier and paused are always sent, numbers are unknown, and the error is empty when the queue was read.
const UNSET: ContractRow<typeof QUEUES_FRAME> = { tier: 'normal', paused: false, error: '' };

/** A `queues` frame as the data source delivers it: every field of the contract's QUEUES_FRAME, with its unit. */
export function queuesFrame(rows: Array<{ queue: string } & ContractRow<typeof QUEUES_FRAME>>) {
  return contractFrame(QUEUES_FRAME, rows, UNSET);
}
