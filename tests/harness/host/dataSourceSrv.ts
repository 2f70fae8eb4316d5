/**
 * DataSourceSrv over the harness's stored data sources: instance settings come from boot data (as in
 * Grafana, refreshed with `reload()`), `get()` loads the data source plugin module and instantiates
 * its DataSourceApi with `url: /api/datasources/proxy/uid/<uid>` so every request goes through the
 * harness's data proxy.
 */
import type {
  DataSourceApi,
  DataSourceInstanceSettings,
  DataSourcePluginMeta,
  DataSourceRef,
  ScopedVars,
} from '@grafana/data';
import type { DataSourceSrv, GetDataSourceListFilters } from '@grafana/runtime';

import { loadDataSourcePlugin } from './pluginLoader';

/** Shape of a data source as GET /api/datasources returns it (the harness server's DTO). */
export interface DataSourceDto {
  id: number;
  uid: string;
  name: string;
  type: string;
  access: string;
  isDefault: boolean;
  readOnly: boolean;
  jsonData: Record<string, unknown>;
}

export function toInstanceSettings(dto: DataSourceDto, meta: DataSourcePluginMeta): DataSourceInstanceSettings {
  return {
    id: dto.id,
    uid: dto.uid,
    type: dto.type,
    name: dto.name,
    meta,
    url: `/api/datasources/proxy/uid/${dto.uid}`,
    access: dto.access === 'direct' ? 'direct' : 'proxy',
    jsonData: dto.jsonData,
    readOnly: dto.readOnly,
    isDefault: dto.isDefault,
  } as DataSourceInstanceSettings;
}

export class HarnessDataSourceSrv implements DataSourceSrv {
  private settings: DataSourceInstanceSettings[] = [];
  private readonly instances = new Map<string, Promise<DataSourceApi>>();

  constructor(
    private readonly metaByType: Record<string, DataSourcePluginMeta>,
    dataSources: DataSourceDto[]
  ) {
    this.setDataSources(dataSources);
  }

  private setDataSources(dataSources: DataSourceDto[]) {
    this.settings = dataSources
      .filter((ds) => this.metaByType[ds.type])
      .map((ds) => toInstanceSettings(ds, this.metaByType[ds.type]));
    this.instances.clear();
  }

  getInstanceSettings(ref?: string | DataSourceRef | null): DataSourceInstanceSettings | undefined {
    if (ref === undefined || ref === null) {
      return this.settings.find((ds) => ds.isDefault) ?? this.settings[0];
    }
    const key = typeof ref === 'string' ? ref : ref.uid;
    return this.settings.find((ds) => ds.uid === key || ds.name === key);
  }

  getList(filters: GetDataSourceListFilters = {}): DataSourceInstanceSettings[] {
    return this.settings.filter((ds) => !filters.pluginId || ds.type === filters.pluginId);
  }

  get(ref?: string | DataSourceRef | null, _scopedVars?: ScopedVars): Promise<DataSourceApi> {
    const settings = this.getInstanceSettings(ref);
    if (!settings) {
      return Promise.reject(new Error(`Data source ${JSON.stringify(ref)} was not found`));
    }
    let instance = this.instances.get(settings.uid);
    if (!instance) {
      instance = loadDataSourcePlugin(settings.meta).then((plugin) => {
        const api = new plugin.DataSourceClass(settings) as DataSourceApi;
        api.components = plugin.components;
        api.meta = settings.meta;
        return api;
      });
      this.instances.set(settings.uid, instance);
    }
    return instance;
  }

  /** Grafana reloads its frontend settings after a data source is saved; the harness refetches the list. */
  async reload(): Promise<void> {
    const response = await fetch('/api/datasources');
    this.setDataSources((await response.json()) as DataSourceDto[]);
  }

  registerRuntimeDataSource(): void {
    throw new Error('The Grafana harness does not support runtime data sources');
  }
}
