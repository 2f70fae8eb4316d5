import { createDataFrame, FieldType } from '@grafana/data';
import { LOG_VOLUME_FRAME } from '@penguinmails/sysmon-contract';
import { volumeFields } from './logVolume';

describe('volumeFields', () => {
  it('finds the time field and the count field by its contract name', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'other', type: FieldType.number, values: [9] },
        { name: LOG_VOLUME_FRAME.fields.time.name, type: FieldType.time, values: [1] },
        { name: LOG_VOLUME_FRAME.fields.count.name, type: FieldType.number, values: [3] },
      ],
    });
    expect(volumeFields(frame)).toMatchObject({
      time: { name: LOG_VOLUME_FRAME.fields.time.name },
      count: { name: LOG_VOLUME_FRAME.fields.count.name },
    });
  });

  it('takes any number field as the count when none has its name', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'at', type: FieldType.time, values: [1] },
        { name: 'n', type: FieldType.number, values: [3] },
      ],
    });
    expect(volumeFields(frame)?.count.name).toBe('n');
  });

  it('is undefined without a time or a number field', () => {
    expect(volumeFields(createDataFrame({ fields: [{ name: 'n', type: FieldType.number, values: [3] }] }))).toBe(
      undefined
    );
    expect(volumeFields(createDataFrame({ fields: [{ name: 'at', type: FieldType.time, values: [1] }] }))).toBe(
      undefined
    );
  });
});
