import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type TimeRange } from '@grafana/data';
import { Button, Dropdown, Menu, RefreshPicker, TimeRangePicker, useStyles2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';

interface TimeProps {
  range: TimeRange;
  onChange: (from: string, to: string) => void;
  onRefresh: () => void;
  loading: boolean;
}

/** The raw URL value of a picked range end: relative text as is, an absolute time as epoch ms. */
function rawValue(value: TimeRange['raw']['from']): string {
  return typeof value === 'string' ? value : String(value.valueOf());
}

/** Grafana's time range picker (quick ranges, absolute times, back/forward, zoom out) and refresh button. */
export function LogsTimeControls({ range, onChange, onRefresh, loading }: TimeProps) {
  const styles = useStyles2(getStyles);
  const span = range.to.valueOf() - range.from.valueOf();
  const shift = (by: number) => onChange(String(range.from.valueOf() + by), String(range.to.valueOf() + by));
  return (
    <div className={styles.group} data-testid={testIds.logs.timeRange}>
      <TimeRangePicker
        value={range}
        onChange={(next) => onChange(rawValue(next.raw.from), rawValue(next.raw.to))}
        onChangeTimeZone={() => {}}
        onMoveBackward={() => shift(-span / 2)}
        onMoveForward={() => shift(span / 2)}
        onZoom={() => {
          const center = range.from.valueOf() + span / 2;
          onChange(String(Math.round(center - span)), String(Math.min(Date.now(), Math.round(center + span))));
        }}
      />
      <RefreshPicker
        onRefresh={onRefresh}
        onIntervalChanged={() => {}}
        noIntervalPicker
        isLoading={loading}
        tooltip="Run the search again"
      />
    </div>
  );
}

interface TailProps {
  tail: boolean;
  paused: boolean;
  onTailChange: (tail: boolean) => void;
  onPausedChange: (paused: boolean) => void;
}

/** Live tail on/off, and pause/resume while on. */
export function TailControls({ tail, paused, onTailChange, onPausedChange }: TailProps) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.group}>
      <Button
        variant={tail ? 'primary' : 'secondary'}
        icon={tail ? 'square-shape' : 'play'}
        onClick={() => onTailChange(!tail)}
        aria-pressed={tail}
        tooltip="Show new lines as they arrive"
        data-testid={testIds.logs.tailToggle}
      >
        {tail ? 'Stop live' : 'Live'}
      </Button>
      {tail && (
        <Button
          variant="secondary"
          icon={paused ? 'play' : 'pause'}
          onClick={() => onPausedChange(!paused)}
          data-testid={testIds.logs.tailPause}
        >
          {paused ? 'Resume' : 'Pause'}
        </Button>
      )}
    </div>
  );
}

/** Download the lines on screen as NDJSON or CSV. */
export function DownloadMenu({
  disabled,
  onDownload,
}: {
  disabled: boolean;
  onDownload: (format: 'ndjson' | 'csv') => void;
}) {
  return (
    <Dropdown
      overlay={
        <Menu>
          <Menu.Item
            label="NDJSON (one JSON object a line)"
            onClick={() => onDownload('ndjson')}
            testId={`${testIds.logs.download}-ndjson`}
          />
          <Menu.Item label="CSV" onClick={() => onDownload('csv')} testId={`${testIds.logs.download}-csv`} />
        </Menu>
      }
    >
      <Button variant="secondary" icon="download-alt" disabled={disabled} data-testid={testIds.logs.download}>
        Download
      </Button>
    </Dropdown>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  group: css({ display: 'flex', gap: theme.spacing(1), alignItems: 'center' }),
});
