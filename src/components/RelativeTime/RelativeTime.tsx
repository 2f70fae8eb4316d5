import React from 'react';
import { dateTimeFormat } from '@grafana/data';
import { timeOf } from '../../utils/elapsed';

interface Props {
  /** ISO time or epoch ms. */
  at: string | number | null | undefined;
  /** What is shown ("for 3 min", "12 s ago"); the exact time is on hover. */
  children: React.ReactNode;
  className?: string;
  'data-testid'?: string;
}

/** A relative time with the exact time on hover (and in the markup, for assistive tech and tests). */
export function RelativeTime({ at, children, className, ...rest }: Props) {
  const time = timeOf(at);
  if (!Number.isFinite(time)) {
    return (
      <span className={className} data-testid={rest['data-testid']}>
        {children}
      </span>
    );
  }
  const exact = dateTimeFormat(time);
  return (
    <time className={className} dateTime={new Date(time).toISOString()} title={exact} data-testid={rest['data-testid']}>
      {children}
    </time>
  );
}
