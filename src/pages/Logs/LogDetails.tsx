import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Button, ClipboardButton, useStyles2 } from '@grafana/ui';
import { LOG_LABELS } from '@penguinmails/sysmon-contract';
import { StackTrace } from '../../components/StackTrace/StackTrace';
import { testIds } from '../../components/testIds';
import { filterFieldOf, labelText, type LogRow } from './logsModel';

interface Props {
  row: LogRow;
  /** Adds `field:value` to the search. */
  onFilter: (field: string, value: string) => void;
  onShowContext?: () => void;
}

// Shown first, in this order; the rest (attrs.*) follow sorted.
const LEADING_KEYS: string[] = [
  LOG_LABELS.service,
  LOG_LABELS.host,
  LOG_LABELS.requestId,
  LOG_LABELS.traceId,
  LOG_LABELS.spanId,
  LOG_LABELS.errorType,
  LOG_LABELS.truncated,
];

/** Every field of an expanded line; values the search can filter by are buttons that add the filter. */
export function LogDetails({ row, onFilter, onShowContext }: Props) {
  const styles = useStyles2(getStyles);
  const stack = labelText(row.labels[LOG_LABELS.stack]);
  const keys = Object.keys(row.labels).filter(
    (key) =>
      key !== LOG_LABELS.stack && row.labels[key] !== null && row.labels[key] !== undefined && row.labels[key] !== ''
  );
  const ordered = [
    ...LEADING_KEYS.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !LEADING_KEYS.includes(key)).sort(),
  ];

  return (
    <div className={styles.details} data-testid={testIds.logs.details(row.id)}>
      <div className={styles.message}>{row.body}</div>
      <dl className={styles.fields}>
        <dt>time</dt>
        <dd>{dateTimeFormat(row.timestamp, { format: 'YYYY-MM-DD HH:mm:ss.SSS Z' })}</dd>
        <dt>level</dt>
        <dd>
          <FilterValue field="level" value={row.level} onFilter={onFilter} />
        </dd>
        {ordered.map((key) => {
          const value = labelText(row.labels[key]);
          const field = filterFieldOf(key);
          return (
            <React.Fragment key={key}>
              <dt>{key}</dt>
              <dd>{field ? <FilterValue field={field} value={value} onFilter={onFilter} labelKey={key} /> : value}</dd>
            </React.Fragment>
          );
        })}
        <dt>id</dt>
        <dd>{row.id}</dd>
      </dl>
      {stack && (
        <section>
          <div className={styles.heading}>Stack trace</div>
          <StackTrace stack={stack} data-testid={testIds.logs.stack} />
        </section>
      )}
      <div className={styles.actions}>
        {onShowContext && (
          <Button
            size="sm"
            variant="secondary"
            icon="list-ul"
            onClick={onShowContext}
            data-testid={testIds.logs.openContext}
          >
            Show context
          </Button>
        )}
        <ClipboardButton
          size="sm"
          variant="secondary"
          icon="copy"
          getText={() =>
            JSON.stringify({
              id: row.id,
              time: new Date(row.timestamp).toISOString(),
              level: row.level,
              message: row.body,
              ...row.labels,
            })
          }
        >
          Copy line as JSON
        </ClipboardButton>
      </div>
    </div>
  );
}

function FilterValue({
  field,
  value,
  labelKey = field,
  onFilter,
}: {
  field: string;
  value: string;
  labelKey?: string;
  onFilter: (field: string, value: string) => void;
}) {
  const styles = useStyles2(getStyles);
  return (
    <button
      type="button"
      className={styles.filter}
      onClick={() => onFilter(field, value)}
      title={`Filter by ${field}:${value}`}
      data-testid={testIds.logs.filterValue(labelKey)}
      data-key={labelKey}
      data-value={value}
    >
      {value}
    </button>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  details: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 2, 1.5, 4),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    background: theme.colors.background.secondary,
  }),
  message: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
  }),
  fields: css({
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    gap: theme.spacing(0.25, 2),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0, fontFamily: theme.typography.fontFamilyMonospace, wordBreak: 'break-all' },
  }),
  filter: css({
    padding: 0,
    border: 'none',
    background: 'none',
    color: theme.colors.text.link,
    fontFamily: 'inherit',
    fontSize: 'inherit',
    textAlign: 'left',
    cursor: 'pointer',
    '&:hover': { textDecoration: 'underline' },
  }),
  heading: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    marginBottom: theme.spacing(0.5),
  }),
  actions: css({ display: 'flex', gap: theme.spacing(1) }),
});
