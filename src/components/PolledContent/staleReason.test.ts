import { ServiceRequestError } from '../../api/errors';
import { staleReason } from './staleReason';

describe('staleReason', () => {
  it('says the service is not answering only when no answer came', () => {
    expect(staleReason(new ServiceRequestError('Failed to fetch', 0))).toBe('the service is not answering');
    expect(staleReason(new ServiceRequestError('HTTP 502 Bad Gateway', 502))).toBe('the service is not answering');
    expect(staleReason(new ServiceRequestError('HTTP 504 Gateway Timeout', 504))).toBe('the service is not answering');
    expect(staleReason(new Error('boom'))).toBe('the service is not answering');
  });

  it('says the update failed when the service answered with an error, e.g. Redis unreachable', () => {
    const redisDown = new ServiceRequestError(
      'HTTP 503 Service Unavailable: Redis is unreachable (connect ECONNREFUSED); queue data is unknown',
      503,
      'redis_unavailable'
    );
    expect(staleReason(redisDown)).toBe('the latest update failed');
    expect(staleReason(new ServiceRequestError('HTTP 500 Internal Server Error', 500))).toBe(
      'the latest update failed'
    );
  });
});
