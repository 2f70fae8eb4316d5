import { dataFrameFromJSON, DataFrameJSON, DataFrameType } from '@grafana/data';
import { logLine, logLinesFrame } from '../../testUtils/logFixtures';
import { bufferFrame, emptyBuffer, mergeIntoBuffer } from './liveTail';

const frameOf = (ids: string[], custom = {}) =>
  dataFrameFromJSON(
    logLinesFrame(
      ids.map((id) => logLine({ id, message: `line ${id}` })),
      'A',
      custom
    ) as DataFrameJSON
  );

const idsOf = (frame: ReturnType<typeof bufferFrame>) => frame.fields.find((field) => field.name === 'id')!.values;

describe('the live tail buffer', () => {
  it('puts new rows first, skips rows it already holds and keeps at most `size` rows', () => {
    let buffer = mergeIntoBuffer(emptyBuffer(), [frameOf(['3', '2', '1'])], 4);
    buffer = mergeIntoBuffer(buffer, [frameOf(['5', '4', '3'])], 4);
    const frame = bufferFrame(buffer, 'A');
    expect(idsOf(frame)).toEqual(['5', '4', '3', '2']);
    expect(frame.length).toBe(4);
    // Every field stays aligned with its id.
    expect(frame.fields.find((field) => field.name === 'body')!.values).toEqual([
      'line 5',
      'line 4',
      'line 3',
      'line 2',
    ]);
    expect(buffer.cursor).toBe('5');
  });

  it('continues from the frame’s newestId, else from its largest id (compared as numbers, not text)', () => {
    expect(mergeIntoBuffer(emptyBuffer(), [frameOf(['10'], { newestId: '12' })], 10).cursor).toBe('12');
    const withoutMeta = frameOf(['9', '10']);
    withoutMeta.meta = { ...withoutMeta.meta, custom: { searchWords: [] } };
    expect(mergeIntoBuffer(emptyBuffer(), [withoutMeta], 10).cursor).toBe('10');
  });

  it('is an empty log-lines frame before the first answer', () => {
    const frame = bufferFrame(emptyBuffer(), 'A');
    expect(frame.meta?.type).toBe(DataFrameType.LogLines);
    expect(frame.fields.map((field) => field.name)).toEqual(['timestamp', 'body', 'severity', 'id', 'labels']);
    expect(frame.length).toBe(0);
  });
});
