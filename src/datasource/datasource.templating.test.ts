// Template variables in log queries, through the data source's applyTemplateVariables with a template service
// that behaves like Grafana's: a format function receives the value (an array for multi-value and All), and
// without one a multi-value variable becomes Grafana's default glob {a,b}.
import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { sysmonQuerySchema } from '@penguinmails/sysmon-contract';
import { SysmonDataSource } from './datasource';
import type { SysmonDataQuery } from './types';
import { datasourceInstanceSettings } from '../testUtils/fixtures';

interface FakeVariable {
  name: string;
  /** What is selected: '$__all' for All. */
  current: { value: string | string[] };
  options: string[];
}

function fakeTemplateSrv(variables: FakeVariable[]): TemplateSrv {
  const valueOf = (name: string, scopedVars?: ScopedVars): string | string[] | undefined => {
    if (scopedVars?.[name]) {
      return scopedVars[name].value;
    }
    const variable = variables.find((candidate) => candidate.name === name);
    if (!variable) {
      return undefined;
    }
    const current = variable.current.value;
    const all = current === '$__all' || (Array.isArray(current) && current.includes('$__all'));
    return all ? variable.options : current;
  };
  return {
    getVariables: () => variables,
    replace: (target: string, scopedVars?: ScopedVars, format?: unknown) =>
      (target ?? '').replace(/\$(\w+)|\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]/g, (match, a, b, c) => {
        const value = valueOf(a ?? b ?? c, scopedVars);
        if (value === undefined) {
          return match;
        }
        if (typeof format === 'function') {
          return format(value);
        }
        return Array.isArray(value) ? `{${value.join(',')}}` : value;
      }),
  } as unknown as TemplateSrv;
}

const variables: FakeVariable[] = [
  { name: 'service', current: { value: ['smtp', 'api'] }, options: ['smtp', 'api', 'worker'] },
  { name: 'level', current: { value: '$__all' }, options: ['info', 'warn', 'error'] },
  { name: 'host', current: { value: 'mx 1' }, options: ['mx 1'] },
  { name: 'search', current: { value: 'service:smtp "connection refused"' }, options: [] },
];

const applied = (query: SysmonDataQuery, scopedVars: ScopedVars = {}) =>
  new SysmonDataSource(datasourceInstanceSettings(), fakeTemplateSrv(variables)).applyTemplateVariables(
    query,
    scopedVars
  );

describe('template variables in log queries', () => {
  it('expands a multi-value variable in services into each value and drops a filter set to All', () => {
    const query = applied({ refId: 'A', queryType: 'logs', services: ['$service'], levels: ['${level}'] });
    expect(query.services).toEqual(['smtp', 'api']);
    expect(query).not.toHaveProperty('levels');
    expect(sysmonQuerySchema.safeParse(query).success).toBe(true);
  });

  it('All anywhere in a list means no filter, even next to a literal value', () => {
    expect(applied({ refId: 'A', queryType: 'log_volume', levels: ['error', '$level'] })).not.toHaveProperty('levels');
  });

  it('keeps literal values, merges duplicates and uses a repeated panel’s own value', () => {
    expect(applied({ refId: 'A', queryType: 'logs', services: ['smtp', '$service', 'billing'] }).services).toEqual([
      'smtp',
      'api',
      'billing',
    ]);
    expect(
      applied(
        { refId: 'A', queryType: 'logs', services: ['$service'] },
        { service: { text: 'worker', value: 'worker' } }
      ).services
    ).toEqual(['worker']);
  });

  it('puts a textbox variable holding a whole search in as written', () => {
    expect(applied({ refId: 'A', queryType: 'logs', search: '$search -debug' }).search).toBe(
      'service:smtp "connection refused" -debug'
    );
  });

  it('turns field:$var into one term per value (quoted as needed), and removes it for All', () => {
    expect(applied({ refId: 'A', queryType: 'logs', search: 'timeout service:$service' }).search).toBe(
      'timeout service:smtp service:api'
    );
    expect(applied({ refId: 'A', queryType: 'logs', search: '-host:$host' }).search).toBe('-host:"mx 1"');
    expect(applied({ refId: 'A', queryType: 'logs', search: 'level:${level} timeout' }).search).toBe('timeout');
  });

  it('leaves an unknown variable as written, for the service to name in its error', () => {
    expect(applied({ refId: 'A', queryType: 'logs', services: ['$nope'], search: 'service:$nope' })).toMatchObject({
      services: ['$nope'],
      search: 'service:$nope',
    });
  });

  it('interpolates queries Explore opens from a dashboard and points them at this data source', () => {
    const ds = new SysmonDataSource(datasourceInstanceSettings(), fakeTemplateSrv(variables));
    const [query] = ds.interpolateVariablesInQueries([{ refId: 'A', queryType: 'logs', services: ['$service'] }], {});
    expect(query.services).toEqual(['smtp', 'api']);
    expect(query.datasource).toEqual({ type: 'penguinmails-sysmon-datasource', uid: 'penguinmails-sysmon' });
  });
});
