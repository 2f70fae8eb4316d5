import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Icon, Text, useStyles2 } from '@grafana/ui';
import type { CheckOutcome, CheckResult } from '@penguinmails/sysmon-contract';
import { RelativeTime } from '../../components/RelativeTime/RelativeTime';
import { getTableStyles } from '../../components/tableStyles';
import { formatAgo } from '../../utils/elapsed';
import { formatDuration } from '../../utils/format';

/** A check's verdict in words (the contract's ok / soft / hard / unknown). */
export const OUTCOME_WORDS: Record<CheckOutcome, string> = {
  ok: 'clean',
  soft: 'works, but not well',
  hard: 'failed',
  unknown: 'could not run',
};

interface Props {
  check: CheckResult | null;
  now: number;
}

/** The evidence behind a state: the latest check's timed steps (with the server's replies), problems and facts. */
export function LatestCheck({ check, now }: Props) {
  const styles = useStyles2(getStyles);
  const table = useStyles2(getTableStyles, 0.25, 1);
  if (!check) {
    return <Text color="secondary">Not checked yet.</Text>;
  }
  const facts = Object.entries(check.facts).filter(([, value]) => value !== null && value !== '');
  return (
    <div className={styles.container}>
      <Text variant="bodySmall" color="secondary">
        Latest check <RelativeTime at={check.checkedAt}>{formatAgo(check.checkedAt, now)}</RelativeTime>:{' '}
        {OUTCOME_WORDS[check.outcome] ?? check.outcome}
      </Text>
      {check.steps.length > 0 && (
        <table className={table.table}>
          <thead>
            <tr>
              <th>Step</th>
              <th className={table.number}>Took</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {check.steps.map((step, index) => (
              <tr key={`${step.name}-${index}`}>
                <td className={table.nowrap}>
                  <span
                    role="img"
                    aria-label={step.ok ? 'ok' : 'failed'}
                    className={step.ok ? styles.ok : styles.failed}
                  >
                    <Icon name={step.ok ? 'check' : 'times'} size="sm" />
                  </span>{' '}
                  {step.name}
                </td>
                <td className={table.number}>{formatDuration(step.ms)}</td>
                <td className={styles.detail}>{step.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {check.problems.length > 0 && (
        <ul className={styles.problems}>
          {check.problems.map((problem) => (
            <li key={`${problem.code}|${problem.text}`} className={styles.problem(problem.severity)}>
              {problem.text}
            </li>
          ))}
        </ul>
      )}
      {facts.length > 0 && (
        <Text variant="bodySmall" color="secondary">
          {facts.map(([key, value]) => `${key}: ${String(value)}`).join(' · ')}
        </Text>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), minWidth: 0 }),
  ok: css({ color: theme.colors.success.text }),
  failed: css({ color: theme.colors.error.text }),
  detail: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'anywhere',
  }),
  problems: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  problem: (severity: CheckResult['problems'][number]['severity']) =>
    css({
      color:
        severity === 'hard'
          ? theme.colors.error.text
          : severity === 'soft'
            ? theme.colors.warning.text
            : theme.colors.text.secondary,
    }),
});
