import React from 'react';
import { css } from '@emotion/css';
import { colorManipulator, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ServiceState } from '@penguinmails/sysmon-contract';
import { infraTestIds } from '../../../components/infraTestIds';
import { serviceStateColors } from '../../../utils/serviceState';
import { BORDER_WIDTH, LINE_HEIGHT, type StatusTileLayout, type StatusTileText } from '../statusTileLayout';

interface Props {
  service: string;
  state: ServiceState;
  text: StatusTileText;
  /** The latency and "for 4 min" parts of text.detail, shown apart; '' when not measured or not known. */
  latency: string;
  since: string;
  sinceAt: number | null;
  layout: StatusTileLayout;
}

const S = infraTestIds.statusBoard;

/** One service's tile: its name, its state in words on the state's colour, latency and since when, and why. */
export function StatusTile({ service, state, text, latency, since, sinceAt, layout }: Props) {
  const styles = useStyles2(getStyles, state, layout);
  return (
    <section
      className={styles.tile}
      aria-label={`${text.label}: ${text.state}`}
      data-testid={S.tile(service)}
      data-state={state}
    >
      <div className={styles.label} title={text.label} data-testid={S.label(service)}>
        {text.label}
      </div>
      <div className={styles.state} data-testid={S.state(service)}>
        {text.state}
      </div>
      <div className={styles.detail} data-testid={S.detail(service)}>
        {latency && <span data-testid={S.latency(service)}>{latency}</span>}
        {latency && since && ' · '}
        {since && (
          <span
            title={sinceAt !== null ? `since ${dateTimeFormat(sinceAt)}` : undefined}
            data-testid={S.since(service)}
          >
            {since}
          </span>
        )}
        {!latency && !since && text.detail}
      </div>
      {layout.causeLines > 0 && text.cause && (
        <div className={styles.cause} title={text.cause} data-testid={S.cause(service)}>
          {text.cause}
        </div>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2, state: ServiceState, layout: StatusTileLayout) => {
  const colors = serviceStateColors(theme, state);
  const { fonts } = layout;
  const line = (fontSize: number) => ({ fontSize, lineHeight: LINE_HEIGHT, whiteSpace: 'nowrap' as const });
  // Every state tints its tile (green too: readable from across the room); unknown stays neutral grey.
  const tint =
    state === 'unknown'
      ? theme.colors.background.secondary
      : colorManipulator.alpha(colors.main, { operational: 0.12, degraded: 0.24, down: 0.34 }[state]);
  return {
    tile: css({
      display: 'flex',
      flexDirection: 'column',
      justifyContent: 'center',
      gap: layout.gap,
      minWidth: 0,
      minHeight: 0,
      overflow: 'hidden',
      fontFamily: theme.typography.fontFamily,
      padding: `${layout.padding.y}px ${layout.padding.x}px`,
      borderRadius: theme.shape.radius.default,
      border: `${BORDER_WIDTH}px solid ${theme.colors.border.weak}`,
      borderLeft: `${layout.accentWidth}px solid ${colors.main}`,
      background: tint,
    }),
    label: css({
      ...line(fonts.label),
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary,
    }),
    state: css({
      ...line(fonts.state),
      fontWeight: theme.typography.fontWeightBold,
      color: state === 'unknown' ? theme.colors.text.secondary : colors.text,
    }),
    detail: css({
      ...line(fonts.detail),
      color: theme.colors.text.primary,
      fontVariantNumeric: 'tabular-nums',
    }),
    // Wraps within the lines the layout reserved for it (measured to fit); the tooltip has it whole.
    cause: css({
      fontSize: fonts.cause,
      lineHeight: LINE_HEIGHT,
      maxHeight: layout.causeLines * fonts.cause * LINE_HEIGHT,
      overflow: 'hidden',
      overflowWrap: 'anywhere',
      color: theme.colors.text.secondary,
    }),
  };
};
