import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { infraTestIds } from '../../components/infraTestIds';
import { SeriesSparkline } from '../../components/SeriesSparkline/SeriesSparkline';
import { useElementWidth } from '../../hooks/useElementWidth';
import { formatCount } from '../../utils/format';
import type { ErrorVolume as ErrorVolumeData } from './overviewModel';

/** The error and fatal lines of the last hour: the count, and per minute as a line. */
export function ErrorVolume({ volume }: { volume: ErrorVolumeData }) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [ref, width] = useElementWidth<HTMLDivElement>(320);
  return (
    <div
      ref={ref}
      className={styles.container}
      data-testid={infraTestIds.overview.errorVolume}
      data-total={volume.total}
    >
      <div className={styles.total}>
        <span className={volume.total > 0 ? styles.errors : undefined}>{formatCount(volume.total)}</span>
        <span className={styles.label}> error and fatal lines in the last hour</span>
      </div>
      <SeriesSparkline
        points={volume.points}
        width={Math.max(120, width)}
        height={40}
        color={theme.colors.error.main}
        emptyText="no errors logged in the last hour"
      />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), minWidth: 0 }),
  total: css({ fontSize: theme.typography.h3.fontSize, fontVariantNumeric: 'tabular-nums' }),
  errors: css({ color: theme.colors.error.text }),
  label: css({ fontSize: theme.typography.body.fontSize, color: theme.colors.text.secondary }),
});
