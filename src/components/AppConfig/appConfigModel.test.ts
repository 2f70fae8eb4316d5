import {
  appSettingsBody,
  AppConfigForm,
  datasourceCreateBody,
  datasourceUpdateBody,
  emptyForm,
  formFromDatasource,
  secretsToSend,
  SysmonDataSourceSettings,
  validateForm,
} from './appConfigModel';

const existing = {
  id: 7,
  uid: 'penguinmails-sysmon',
  name: 'PenguinMails Sysmon',
  type: 'penguinmails-sysmon-datasource',
  access: 'proxy',
  version: 3,
  jsonData: { serviceUrl: 'http://old:3001', keepMe: true },
  secureJsonFields: { apiToken: true, operatorToken: true },
} as unknown as SysmonDataSourceSettings;

function form(overrides: Partial<AppConfigForm> = {}): AppConfigForm {
  return { ...emptyForm('penguinmails-sysmon'), serviceUrl: 'http://localhost:3001', ...overrides };
}

describe('formFromDatasource', () => {
  it('reads the service URL and which secrets are configured, never secret values', () => {
    expect(formFromDatasource('penguinmails-sysmon', existing)).toEqual({
      datasourceUid: 'penguinmails-sysmon',
      serviceUrl: 'http://old:3001',
      apiToken: '',
      operatorToken: '',
      configured: { apiToken: true, operatorToken: true },
    });
  });
});

describe('validateForm', () => {
  it('accepts a base URL and a simple uid', () => {
    expect(validateForm(form())).toEqual({});
  });

  it.each([
    ['', 'The service URL is required'],
    ['localhost:3001', 'Enter an http:// or https:// URL, e.g. http://localhost:3001'],
    ['ftp://x', 'Enter an http:// or https:// URL, e.g. http://localhost:3001'],
    ['http://x:3001/api/', 'Enter the base URL without /api (the data source adds it)'],
  ])('rejects service URL %p', (serviceUrl, message) => {
    expect(validateForm(form({ serviceUrl })).serviceUrl).toBe(message);
  });

  it('rejects uids Grafana would not accept', () => {
    expect(validateForm(form({ datasourceUid: 'a b' })).datasourceUid).toBeDefined();
    expect(validateForm(form({ datasourceUid: '' })).datasourceUid).toBeDefined();
  });
});

describe('secretsToSend', () => {
  const both = { apiToken: true, operatorToken: true };

  it('leaves untouched configured secrets out', () => {
    expect(secretsToSend(form({ configured: both }), both)).toEqual({});
  });

  it('sends typed values and clears reset secrets', () => {
    expect(
      secretsToSend(form({ apiToken: 'new', configured: { apiToken: false, operatorToken: false } }), both)
    ).toEqual({ apiToken: 'new', operatorToken: '' });
  });
});

describe('request bodies', () => {
  it('update keeps existing settings and jsonData keys, trims the trailing slash', () => {
    const body = datasourceUpdateBody(
      existing,
      form({ serviceUrl: 'http://new:3001/', configured: { apiToken: true, operatorToken: true } }),
      { apiToken: true, operatorToken: true }
    );
    expect(body).toMatchObject({ id: 7, version: 3, name: 'PenguinMails Sysmon', access: 'proxy' });
    expect(body.jsonData).toEqual({ serviceUrl: 'http://new:3001', keepMe: true });
    expect(body.secureJsonData).toEqual({});
  });

  it('create names the nested data source type in proxy mode', () => {
    expect(datasourceCreateBody(form({ apiToken: 'a', operatorToken: 'o' }))).toEqual({
      name: 'PenguinMails Sysmon',
      type: 'penguinmails-sysmon-datasource',
      uid: 'penguinmails-sysmon',
      access: 'proxy',
      jsonData: { serviceUrl: 'http://localhost:3001' },
      secureJsonData: { apiToken: 'a', operatorToken: 'o' },
    });
  });

  it('app settings enable and pin the app with the data source uid', () => {
    expect(appSettingsBody(form({ datasourceUid: 'other' }))).toEqual({
      enabled: true,
      pinned: true,
      jsonData: { datasourceUid: 'other' },
    });
  });
});
