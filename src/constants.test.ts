import fs from 'fs';
import path from 'path';
import { DATASOURCE_NAME, DATASOURCE_TYPE, PLUGIN_BASE_URL, PLUGIN_ID, ROUTES } from './constants';

function readJson(relativePath: string) {
  return JSON.parse(fs.readFileSync(path.resolve(__dirname, relativePath), 'utf8'));
}

describe('constants', () => {
  const appManifest = readJson('../plugin.json');
  const datasourceManifest = readJson('./datasource/plugin.json');

  it('match the app manifest', () => {
    expect(PLUGIN_ID).toBe(appManifest.id);
    const includedDatasource = appManifest.includes.find((i: { type: string }) => i.type === 'datasource');
    expect(includedDatasource.name).toBe(DATASOURCE_NAME);
  });

  it('match the nested data source manifest', () => {
    expect(DATASOURCE_TYPE).toBe(datasourceManifest.id);
    expect(DATASOURCE_NAME).toBe(datasourceManifest.name);
  });

  it('the default nav page is the home route', () => {
    const defaultPage = appManifest.includes.find((i: { defaultNav?: boolean }) => i.defaultNav);
    expect(defaultPage.path.replace('%PLUGIN_ID%', PLUGIN_ID)).toBe(`${PLUGIN_BASE_URL}/${ROUTES.Home}`);
  });

  it('src/plugin.json is the root manifest (the build reads src/plugin.json)', () => {
    expect(readJson('./plugin.json')).toEqual(appManifest);
  });
});
