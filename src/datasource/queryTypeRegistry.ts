// Everything the data source knows about each query type. The schema, label, description, defaults and fields
// come from the contract (one zod schema per type); only the editor is the frontend's own.
import type { ComponentType } from 'react';
import {
  isQueryType,
  QUERY_TYPES,
  queryDefaults,
  queryFields,
  querySchema,
  type QueryType,
} from '@penguinmails/sysmon-contract';
import { DriftEditor } from './components/editors/DriftEditor';
import { EventsEditor } from './components/editors/EventsEditor';
import { FindingsEditor } from './components/editors/FindingsEditor';
import { IpReputationEditor } from './components/editors/IpReputationEditor';
import { JobsEditor } from './components/editors/JobsEditor';
import { LogContextEditor } from './components/editors/LogContextEditor';
import { LogsEditor } from './components/editors/LogsEditor';
import { LogVolumeEditor } from './components/editors/LogVolumeEditor';
import { QueueMetricsEditor } from './components/editors/QueueMetricsEditor';
import { QueuesEditor } from './components/editors/QueuesEditor';
import { ServiceMetricsEditor } from './components/editors/ServiceMetricsEditor';
import { ServicesEditor } from './components/editors/ServicesEditor';
import type { QueryTypeDefaults, TypeEditorProps } from './components/editors/types';
import { VariableEditor } from './components/editors/VariableEditor';

export interface QueryTypeEntry<T extends QueryType> {
  queryType: T;
  /** What the service validates a query of this type against. */
  schema: ReturnType<typeof querySchema>;
  label: string;
  description: string;
  defaults: QueryTypeDefaults<T>;
  /** The fields of this type besides queryType, in schema order. */
  fields: readonly string[];
  /** The editor of those fields; null for a type without fields. */
  Editor: ComponentType<TypeEditorProps<T>> | null;
}

export type QueryTypeRegistry = { [T in QueryType]: QueryTypeEntry<T> };

function entry<T extends QueryType>(queryType: T, Editor: QueryTypeEntry<T>['Editor']): QueryTypeEntry<T> {
  const { label, description } = QUERY_TYPES.find((type) => type.value === queryType)!;
  return {
    queryType,
    schema: querySchema(queryType),
    label,
    description,
    defaults: queryDefaults(queryType),
    fields: queryFields(queryType),
    Editor,
  };
}

// Typed over every query type, so a type added to the contract does not compile until it has its editor (or null).
export const QUERY_TYPE_REGISTRY: QueryTypeRegistry = {
  health: entry('health', null),
  queues: entry('queues', QueuesEditor),
  queue_metrics: entry('queue_metrics', QueueMetricsEditor),
  jobs: entry('jobs', JobsEditor),
  drift: entry('drift', DriftEditor),
  logs: entry('logs', LogsEditor),
  log_volume: entry('log_volume', LogVolumeEditor),
  log_context: entry('log_context', LogContextEditor),
  services: entry('services', ServicesEditor),
  service_metrics: entry('service_metrics', ServiceMetricsEditor),
  findings: entry('findings', FindingsEditor),
  ip_reputation: entry('ip_reputation', IpReputationEditor),
  events: entry('events', EventsEditor),
  variable: entry('variable', VariableEditor),
};

/** Every query type in the order the editor offers them (the contract's order). */
export const QUERY_TYPE_ENTRIES = QUERY_TYPES.map((type) => QUERY_TYPE_REGISTRY[type.value]);

/** The entry of a saved query's type; undefined for a type this version does not know. */
export function queryTypeEntry(queryType: string | undefined): QueryTypeRegistry[QueryType] | undefined {
  return isQueryType(queryType) ? QUERY_TYPE_REGISTRY[queryType] : undefined;
}
