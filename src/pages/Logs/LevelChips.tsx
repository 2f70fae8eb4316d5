import React from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { LOG_LEVELS, type LogLevel } from '@penguinmails/sysmon-contract';
import { testIds } from '../../components/testIds';
import { formatCount } from '../../utils/format';
import { logLevelColor } from './levelColors';

interface Props {
  selected: LogLevel[];
  /** Lines per level in the range (from the volume), shown on each chip when known. */
  counts?: Partial<Record<LogLevel, number>>;
  onChange: (levels: LogLevel[]) => void;
}

// Most severe first: what people filter to.
const CHIP_ORDER = [...LOG_LEVELS].reverse();

/** One toggle per level in the level's colour; none on means every level. */
export function LevelChips({ selected, counts, onChange }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const toggle = (level: LogLevel) =>
    onChange(selected.includes(level) ? selected.filter((l) => l !== level) : [...selected, level]);

  return (
    <div className={styles.chips} role="group" aria-label="Levels">
      {CHIP_ORDER.map((level) => {
        const on = selected.includes(level);
        const color = logLevelColor(theme, level);
        const count = counts?.[level];
        return (
          <button
            key={level}
            type="button"
            className={cx(styles.chip, on && styles.on)}
            style={
              on
                ? { borderColor: color, background: theme.colors.emphasize(theme.colors.background.primary, 0.03) }
                : undefined
            }
            aria-pressed={on}
            onClick={() => toggle(level)}
            data-testid={testIds.logs.levelChip(level)}
          >
            <span className={styles.dot} style={{ background: color }} />
            {level}
            {count !== undefined && <span className={styles.count}>{formatCount(count)}</span>}
          </button>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  chips: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) }),
  chip: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    height: theme.spacing(3),
    padding: theme.spacing(0, 1),
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.pill,
    background: 'transparent',
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    cursor: 'pointer',
    '&:hover': { color: theme.colors.text.primary, borderColor: theme.colors.border.strong },
  }),
  on: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  dot: css({ width: 8, height: 8, borderRadius: '50%', flexShrink: 0 }),
  count: css({ color: theme.colors.text.secondary, fontVariantNumeric: 'tabular-nums' }),
});
