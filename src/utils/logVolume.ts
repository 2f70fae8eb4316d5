// Reading the service's log-volume frames (LOG_VOLUME_FRAME): one frame per level, a time field and a count field
// labelled {level}. Shared by the Logs page's histogram and the home overview's error count.
import { FieldType, type DataFrame } from '@grafana/data';
import { LOG_VOLUME_FRAME } from '@penguinmails/sysmon-contract';

/** The time and count fields of one level's volume frame (the count by its contract name, else any number); none when either is missing. */
export function volumeFields(frame: DataFrame) {
  const time = frame.fields.find((field) => field.type === FieldType.time);
  const count =
    frame.fields.find(
      (field) => field.name === LOG_VOLUME_FRAME.fields.count.name && field.type === FieldType.number
    ) ?? frame.fields.find((field) => field.type === FieldType.number);
  return time && count ? { time, count } : undefined;
}
