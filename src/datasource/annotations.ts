// Dashboard annotations from the `events` query type: service state changes (and, as the service gains sources,
// other events such as queue actions). Grafana runs the prepared query through the data source's query() and reads
// the answer's frames by field name: `time` (and `timeEnd`), `title`, `text`, `tags` (EVENTS_FRAME), so no event
// processing is needed here.
import type { AnnotationQuery, AnnotationSupport } from '@grafana/data';
import { EventsAnnotationEditor } from './components/EventsAnnotationEditor';
import { QUERY_TYPE_REGISTRY } from './queryTypeRegistry';
import type { SysmonDataQuery } from './types';

export const ANNOTATION_REF_ID = 'Anno';

/** A fresh annotation's query: the `events` type with its schema defaults (every source). */
export function defaultEventsQuery(): Partial<SysmonDataQuery> {
  return { ...QUERY_TYPE_REGISTRY.events.defaults };
}

/**
 * The query an annotation runs: its stored target as an `events` query (a target saved without a type or sources gets
 * the defaults), or nothing for an annotation without a target, which Grafana then skips.
 */
export function prepareEventsQuery(annotation: AnnotationQuery<SysmonDataQuery>): SysmonDataQuery | undefined {
  const target = annotation.target;
  if (!target) {
    return undefined;
  }
  const { sources, service, hide, datasource } = target;
  return {
    refId: target.refId || ANNOTATION_REF_ID,
    ...defaultEventsQuery(),
    ...(sources && sources.length > 0 ? { sources } : {}),
    ...(service ? { service } : {}),
    ...(datasource ? { datasource } : {}),
    ...(hide ? { hide } : {}),
    queryType: 'events',
  };
}

export const eventsAnnotationSupport: AnnotationSupport<SysmonDataQuery> = {
  getDefaultQuery: defaultEventsQuery,
  prepareQuery: prepareEventsQuery,
  QueryEditor: EventsAnnotationEditor,
};
