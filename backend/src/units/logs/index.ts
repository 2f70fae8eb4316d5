// The log vertical (DESIGN.md §5): ingest (NDJSON, Loki push, OTLP/HTTP JSON), the log store, search, volume,
// context and live tail, and the store's partition maintenance (one replica, by lock).
import type { Unit } from '../unit.ts';

export function logsUnit(): Unit {
  return {
    name: 'logs',
    migrations: new URL('../../logs/migrations/', import.meta.url),
    start() {
      return { routes: [] };
    },
  };
}
