import { useEffect, useState } from 'react';

/**
 * Whole seconds left until `time` (ms since the epoch), re-rendering every second while it is set;
 * undefined when `time` is.
 */
export function useSecondsUntil(time: number | undefined): number | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (time === undefined) return;
    const handle = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(handle);
  }, [time]);
  return time === undefined ? undefined : Math.max(0, Math.ceil((time - Date.now()) / 1000));
}
