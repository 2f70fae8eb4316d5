// Structured JSON log lines of the demo platform. Every step writes one record through a LogSink,
// so a later issue can ship the same records to the service's ingest endpoint by adding a sink.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  ts: string;
  level: LogLevel;
  service: string;
  message: string;
  request_id?: string;
  job_id?: string;
  queue?: string;
  error_type?: string;
  stack?: string;
  [attribute: string]: unknown;
}

/** Where log records go. Implementations must not throw from write(); flush() is awaited on shutdown. */
export interface LogSink {
  write(record: LogRecord): void;
  flush?(): Promise<void>;
}

/** One JSON object per line on stdout. */
export function createStdoutSink(stream: NodeJS.WritableStream = process.stdout): LogSink {
  return {
    write(record) {
      stream.write(`${JSON.stringify(record)}\n`);
    },
  };
}

/** Keeps records in memory (newest last, bounded), e.g. for a test to inspect what the demo logged. */
export class MemorySink implements LogSink {
  readonly records: LogRecord[] = [];
  constructor(private readonly limit = 50_000) {}
  write(record: LogRecord): void {
    this.records.push(record);
    if (this.records.length > this.limit) {
      this.records.splice(0, this.records.length - this.limit);
    }
  }
}

/** Sends every record to each of the given sinks. */
export function teeSink(...sinks: LogSink[]): LogSink {
  return { write: (record) => sinks.forEach((sink) => sink.write(record)) };
}

export type LogFields = Omit<Partial<LogRecord>, 'ts' | 'level' | 'service' | 'message'>;

/** Fields describing an error: its class name, message and stack (so log search can find the trace). */
export function errorFields(error: unknown): { error_type: string; error_message: string; stack?: string } {
  if (error instanceof Error) {
    return { error_type: error.name, error_message: error.message, stack: error.stack };
  }
  return { error_type: typeof error, error_message: String(error) };
}

export class DemoLogger {
  constructor(
    private readonly sink: LogSink,
    readonly service: string,
    private readonly minLevel: LogLevel = 'info'
  ) {}

  child(service: string): DemoLogger {
    return new DemoLogger(this.sink, service, this.minLevel);
  }

  debug(message: string, fields: LogFields = {}): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields: LogFields = {}): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields: LogFields = {}, error?: unknown): void {
    this.log('warn', message, error === undefined ? fields : { ...fields, ...errorFields(error) });
  }

  error(message: string, fields: LogFields = {}, error?: unknown): void {
    this.log('error', message, error === undefined ? fields : { ...fields, ...errorFields(error) });
  }

  private log(level: LogLevel, message: string, fields: LogFields): void {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[this.minLevel]) {
      return;
    }
    const record: LogRecord = { ts: new Date().toISOString(), level, service: this.service, message };
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) {
        record[key] = value;
      }
    }
    try {
      this.sink.write(record);
    } catch {
      // A broken log sink must not take the workload down.
    }
  }
}

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: string): value is LogLevel {
  return value in LEVEL_ORDER;
}
