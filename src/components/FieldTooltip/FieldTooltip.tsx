import React, { forwardRef } from 'react';
import { css, cx } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Tooltip, useStyles2 } from '@grafana/ui';
import type { FieldAbout } from '@penguinmails/sysmon-contract';

interface Props {
  /** The contract's definition of the field the value is (its description and how to read it). */
  field: Pick<FieldAbout, 'description' | 'reading'>;
  children: React.ReactNode;
  /**
   * False inside an element that is itself interactive (a card that is a button): the label then shows its tooltip
   * on hover without becoming a second focus stop inside the button.
   */
  focusable?: boolean;
  /** A dotted underline marks the label as explained (off where it would clutter, e.g. wall-screen tiles). */
  underline?: boolean;
  className?: string;
  'data-testid'?: string;
}

/**
 * A value's label with the field's meaning as its tooltip, from the contract's definition (the same text Grafana
 * shows for the field and the glossary lists), never restated in the page.
 */
export function FieldTooltip({ field, children, focusable = true, underline = true, className, ...rest }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <Tooltip content={<FieldTooltipContent field={field} />} placement="top">
      <Target
        focusable={focusable}
        className={cx(styles.term, underline && styles.underline, className)}
        data-testid={rest['data-testid']}
      >
        {children}
      </Target>
    </Tooltip>
  );
}

function FieldTooltipContent({ field }: { field: Props['field'] }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.content}>
      <div>{field.description}</div>
      {field.reading && <div className={styles.reading}>{field.reading}</div>}
    </div>
  );
}

type TargetProps = React.HTMLAttributes<HTMLSpanElement> & { focusable: boolean };

/** Grafana's Tooltip makes its child focusable (tabIndex 0); this child declines when it sits in a button. */
const Target = forwardRef<HTMLSpanElement, TargetProps>(function Target({ focusable, tabIndex, ...rest }, ref) {
  return <span ref={ref} {...rest} tabIndex={focusable ? tabIndex : undefined} />;
});

const getStyles = (theme: GrafanaTheme2) => ({
  term: css({ cursor: 'help' }),
  underline: css({
    textDecoration: 'underline dotted',
    textDecorationColor: theme.colors.text.disabled,
    textUnderlineOffset: 3,
  }),
  content: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5), maxWidth: 360 }),
  // The tooltip's own colours (dark on light themes too): dimmed, not a theme text colour.
  reading: css({ opacity: 0.8 }),
});
