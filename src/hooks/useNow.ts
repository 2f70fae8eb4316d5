import { useEffect, useState } from 'react';

/** The current time (epoch ms), refreshed every `intervalMs`: for "for 4 min" texts that must not freeze. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}
