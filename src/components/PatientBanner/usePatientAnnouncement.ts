import { useState } from 'react';

/**
 * What the banner's live region says: empty at first (the banner itself shows the patient on mount), then
 * `message` once it has changed, so a screen reader hears every change of patient once.
 *
 * Derived while rendering, never set from an effect: an effect's update would cost a second commit per
 * change of patient, and patients opened faster than the page runs a task would pile those up until React
 * stops with "Maximum update depth exceeded" (error #185), thrown inside the client's store update.
 */
export function usePatientAnnouncement(message: string): string {
  const [mount, setMount] = useState({ message, changed: false });
  const changed = mount.changed || message !== mount.message;
  // Remembered so that coming back to the first message is announced too; React re-renders at once.
  if (changed && !mount.changed) setMount({ message: mount.message, changed: true });
  return changed ? message : '';
}
