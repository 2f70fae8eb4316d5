import React from 'react';
import { css } from '@emotion/css';
import { colorManipulator, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ServiceState } from '@penguinmails/sysmon-contract';
import { tileFrameStyle, tileLine, tileWrapped } from '../../../components/Board/tileFrame';
import { infraTestIds } from '../../../components/infraTestIds';
import { serviceStateColors } from '../../../utils/serviceState';
import type { StatusTileLayout, StatusTileText } from '../statusTileLayout';

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
  // Every state tints its tile (green too: readable from across the room); unknown stays neutral grey.
  const tint =
    state === 'unknown'
      ? theme.colors.background.secondary
      : colorManipulator.alpha(colors.main, { operational: 0.12, degraded: 0.24, down: 0.34 }[state]);
  return {
    tile: css({
      ...tileFrameStyle(theme, layout, colors.main),
      justifyContent: 'center',
      gap: layout.gap,
      background: tint,
    }),
    label: css({
      ...tileLine(fonts.label),
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      fontWeight: theme.typography.fontWeightMedium,
      color: theme.colors.text.primary,
    }),
    state: css({
      ...tileLine(fonts.state),
      fontWeight: theme.typography.fontWeightBold,
      color: state === 'unknown' ? theme.colors.text.secondary : colors.text,
    }),
    detail: css({
      ...tileLine(fonts.detail),
      color: theme.colors.text.primary,
      fontVariantNumeric: 'tabular-nums',
    }),
    // Wraps within the lines the layout reserved for it (measured to fit); the tooltip has it whole.
    cause: css({
      ...tileWrapped(fonts.cause, layout.causeLines),
      color: theme.colors.text.secondary,
    }),
  };
};
