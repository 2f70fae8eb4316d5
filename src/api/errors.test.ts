import { errorMessage, ServiceRequestError, toServiceRequestError } from './errors';

describe('toServiceRequestError', () => {
  it('uses the status and the service error message', () => {
    const err = toServiceRequestError({
      status: 403,
      statusText: 'Forbidden',
      data: { error: { code: 'forbidden', message: 'The token lacks the operator scope' } },
    });
    expect(err).toBeInstanceOf(ServiceRequestError);
    expect(err.message).toBe('HTTP 403 Forbidden: The token lacks the operator scope');
    expect(err.status).toBe(403);
    expect(err.code).toBe('forbidden');
  });

  it("uses Grafana's own { message } body (e.g. data source not found)", () => {
    expect(errorMessage({ status: 404, statusText: 'Not Found', data: { message: 'Data source not found' } })).toBe(
      'HTTP 404 Not Found: Data source not found'
    );
  });

  it('ignores HTML bodies and keeps the status', () => {
    expect(errorMessage({ status: 502, statusText: 'Bad Gateway', data: '<html>bad</html>' })).toBe(
      'HTTP 502 Bad Gateway'
    );
  });

  it('reports errors without an HTTP answer with status 0', () => {
    const err = toServiceRequestError(new TypeError('Failed to fetch'));
    expect(err.status).toBe(0);
    expect(err.message).toBe('Failed to fetch');
  });

  it('handles strings and unknown values', () => {
    expect(errorMessage('boom')).toBe('boom');
    expect(errorMessage(undefined)).toBe('The request failed for an unknown reason');
  });

  it('returns a ServiceRequestError unchanged', () => {
    const original = new ServiceRequestError('HTTP 401: no', 401, 'unauthorized');
    expect(toServiceRequestError(original)).toBe(original);
  });
});
