import { z } from 'zod';
export const QUERY_TYPES = [
  { value: 'health', label: 'Health', description: 'Reachability and latency of the service dependencies' },
] as const;
export type QueryType = (typeof QUERY_TYPES)[number]['value'];
export const healthQuerySchema = z.object({ refId: z.string().min(1), queryType: z.literal('health') });
export const sysmonQuerySchema = z.discriminatedUnion('queryType', [healthQuerySchema]);
export type SysmonQuery = z.infer<typeof sysmonQuerySchema>;
export const DEFAULT_QUERY_TYPE: QueryType = 'health';
