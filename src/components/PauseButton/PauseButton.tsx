import React from 'react';
import { Button } from '@grafana/ui';

interface Props {
  paused: boolean;
  label?: string;
  onPause: () => void;
  onResume: () => void;
  pauseTestId: string;
  resumeTestId: string;
  size?: 'sm' | 'md';
}

/** Pause when running, Resume when paused. */
export function PauseButton({ paused, label, onPause, onResume, pauseTestId, resumeTestId, size = 'sm' }: Props) {
  if (paused) {
    return (
      <Button size={size} variant="primary" icon="play" onClick={onResume} data-testid={resumeTestId}>
        {label ? `Resume ${label}` : 'Resume'}
      </Button>
    );
  }
  return (
    <Button size={size} variant="secondary" icon="pause" onClick={onPause} data-testid={pauseTestId}>
      {label ? `Pause ${label}` : 'Pause'}
    </Button>
  );
}
