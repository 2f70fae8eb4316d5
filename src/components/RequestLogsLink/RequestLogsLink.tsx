import React from 'react';
import { Link } from 'react-router-dom';
import { Icon } from '@grafana/ui';
import { requestLogsUrl } from '../../utils/logsUrl';

interface Props {
  requestId: string;
  /** When the request's work started and ended (epoch ms or ISO); the Logs page searches around it. */
  start?: number | string | null;
  end?: number | string | null;
  /** The link text; the request id by default. */
  children?: React.ReactNode;
  className?: string;
  'data-testid'?: string;
}

/** A link to the Logs page showing every line of one request, across services. */
export function RequestLogsLink({ requestId, start, end, children, className, ...rest }: Props) {
  return (
    <Link
      to={requestLogsUrl(requestId, start, end)}
      className={className}
      title={`Logs of request ${requestId}`}
      data-testid={rest['data-testid']}
      data-value={requestId}
    >
      {children ?? requestId} <Icon name="document-info" size="sm" />
    </Link>
  );
}
