import type { Observable } from 'rxjs';
import { map } from 'rxjs/operators';
import { VARIABLE_FRAME } from '@penguinmails/sysmon-contract';
import {
  createDataFrame,
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  Field,
  FieldType,
} from '@grafana/data';
import type { SysmonDataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import { toVariableQuery } from './variableQuery';
import type { SysmonDataQuery, VariableKind } from './types';

/**
 * Dashboard variables ("Query" type) list queue names or tiers through the `variable` query type.
 * The answer is normalised to one frame with `text` and `value` fields, which is what Grafana turns into
 * variable options whatever the service named its columns.
 */
export class SysmonVariableSupport extends CustomVariableSupport<SysmonDataSource, SysmonDataQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: SysmonDataSource) {
    super();
  }

  query(request: DataQueryRequest<SysmonDataQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map(toVariableQuery);
    const kind = targets[0]?.variable ?? QUERY_TYPE_REGISTRY.variable.defaults.variable;
    return this.datasource
      .query({ ...request, targets })
      .pipe(map((response) => ({ ...response, data: [toVariableFrame(response.data, kind)] })));
  }
}

// The service's variable frame; its field names are also the ones Grafana reads variable options from.
const TEXT = VARIABLE_FRAME.fields.text.name;
const VALUE = VARIABLE_FRAME.fields.value.name;

const findString = (frame: DataFrame, name: string): Field | undefined =>
  frame.fields.find((field) => field.type === FieldType.string && field.name.toLowerCase() === name);

/**
 * One `text`/`value` frame from the variable query's frames: `text` and `value` fields if the service sends them,
 * else the field named after the variable kind (`queue` / `tier`), else the first string field.
 * Duplicate values are listed once, in the order the service sent them.
 */
export function toVariableFrame(frames: DataFrame[], kind: VariableKind): DataFrame {
  const texts: string[] = [];
  const values: string[] = [];
  const seen = new Set<string>();
  for (const frame of frames) {
    const textField =
      findString(frame, TEXT) ?? findString(frame, kind) ?? frame.fields.find((f) => f.type === FieldType.string);
    if (!textField) {
      continue;
    }
    const valueField = frame.fields.find((field) => field.name.toLowerCase() === VALUE) ?? textField;
    for (let row = 0; row < frame.length; row++) {
      const text = textField.values[row];
      const value = valueField.values[row] ?? text;
      if (text === null || text === undefined || seen.has(String(value))) {
        continue;
      }
      seen.add(String(value));
      texts.push(String(text));
      values.push(String(value));
    }
  }
  return createDataFrame({
    name: kind,
    fields: [
      { name: TEXT, type: FieldType.string, values: texts },
      { name: VALUE, type: FieldType.string, values: values },
    ],
  });
}
