import { datasourceProxyUrl, jobPath, queuePageUrl, queuePath, serviceApiUrl, tierPath } from './urls';

describe('datasourceProxyUrl', () => {
  it('builds the proxy base of a data source uid', () => {
    expect(datasourceProxyUrl('penguinmails-sysmon')).toBe('/api/datasources/proxy/uid/penguinmails-sysmon');
  });

  it('encodes characters that would change the path', () => {
    expect(datasourceProxyUrl('a/b c')).toBe('/api/datasources/proxy/uid/a%2Fb%20c');
  });
});

describe('serviceApiUrl', () => {
  it('joins base, route and endpoint with single slashes', () => {
    expect(serviceApiUrl('/api/datasources/proxy/uid/x/', 'api', '/health')).toBe(
      '/api/datasources/proxy/uid/x/api/health'
    );
    expect(serviceApiUrl('/api/datasources/proxy/uid/x', 'operator', 'whoami')).toBe(
      '/api/datasources/proxy/uid/x/operator/whoami'
    );
  });
});

describe('queue paths and page links', () => {
  it('encodes queue names and job ids into service paths', () => {
    expect(queuePath('email-sending')).toBe('queues/email-sending');
    expect(queuePath('a/b c')).toBe('queues/a%2Fb%20c');
    expect(jobPath('q', 'repeat:1:2')).toBe('queues/q/jobs/repeat%3A1%3A2');
    expect(tierPath('low')).toBe('tiers/low');
  });

  it('builds app page links', () => {
    expect(queuePageUrl('email-sending')).toBe('/a/penguinmails-sysmon-app/queues/email-sending');
    expect(queuePageUrl('q', { state: 'failed', job: '7' })).toBe(
      '/a/penguinmails-sysmon-app/queues/q?state=failed&job=7'
    );
  });
});
