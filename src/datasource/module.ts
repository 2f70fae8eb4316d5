import { DataSourcePlugin } from '@grafana/data';
import { SysmonDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import type { SysmonDataQuery, SysmonDataSourceOptions, SysmonSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<
  SysmonDataSource,
  SysmonDataQuery,
  SysmonDataSourceOptions,
  SysmonSecureJsonData
>(SysmonDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
