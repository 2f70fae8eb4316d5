import { datasourceProxyUrl, serviceApiUrl } from './urls';

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
