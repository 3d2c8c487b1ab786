import { useEffect, useRef, useState } from 'react';

/**
 * What the banner's live region says: empty at first (the banner itself shows the patient on mount), then
 * `message` each time it changes, so a screen reader hears every change of patient once.
 */
export function usePatientAnnouncement(message: string): string {
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef(message);
  useEffect(() => {
    if (announced.current === message) return;
    announced.current = message;
    setAnnouncement(message);
  }, [message]);
  return announcement;
}
