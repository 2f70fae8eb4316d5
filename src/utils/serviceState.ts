// A service's state as every view shows it (Infrastructure cards, the home overview, the status board): the contract's
// word for it and its colour from the theme, so a state looks the same everywhere and follows light and dark themes.
import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { isServiceState, SERVICE_STATE_LABELS, type ServiceState } from '@penguinmails/sysmon-contract';

export interface StateColors {
  /** The state's colour: a card's accent bar, a tile's border, a chart's band. */
  main: string;
  /** A background behind the state's word (a badge). */
  badge: string;
  /** Text on `badge`. */
  badgeText: string;
  /** The state's colour for text on the page background. */
  text: string;
  /** A faint wash of the state's colour for a whole card or tile (alarming states only; else transparent). */
  tint: string;
}

/**
 * Operational green, degraded orange, down red, unknown grey, from the theme's status colours. Unknown is never
 * green: the probe could not tell.
 */
export function serviceStateColors(theme: GrafanaTheme2, state: ServiceState): StateColors {
  const rich = { operational: theme.colors.success, degraded: theme.colors.warning, down: theme.colors.error }[
    state as Exclude<ServiceState, 'unknown'>
  ];
  if (!rich) {
    return {
      main: theme.colors.text.disabled,
      badge: theme.colors.secondary.main,
      badgeText: theme.colors.text.primary,
      text: theme.colors.text.secondary,
      tint: 'transparent',
    };
  }
  return {
    main: rich.main,
    badge: rich.main,
    badgeText: rich.contrastText,
    text: rich.text,
    tint: state === 'operational' ? 'transparent' : colorManipulator.alpha(rich.main, state === 'down' ? 0.22 : 0.14),
  };
}

/** A state read from anything (a frame cell, a URL): not one of the contract's states is unknown. */
export function toServiceState(value: unknown): ServiceState {
  return isServiceState(value) ? value : 'unknown';
}

/** The state's word ("Operational", "Degraded", "Down", "Unknown"). */
export const serviceStateLabel = (state: ServiceState) => SERVICE_STATE_LABELS[state];

/** Most urgent first: down, degraded, unknown (the check could not run), operational. */
const URGENCY: Record<ServiceState, number> = { down: 0, degraded: 1, unknown: 2, operational: 3 };

/** Compares states for a most-urgent-first sort. */
export const byUrgency = (a: ServiceState, b: ServiceState) => URGENCY[a] - URGENCY[b];
