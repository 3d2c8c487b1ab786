/**
 * Clock skew between publishers, described for the event log. FHIRcast orders opens and closes by the
 * timestamps publishers write, while the hub applies events in the order they arrive: an EHR whose clock runs
 * ahead makes every later open from a correct clock look older. The client then asks the hub which context
 * holds; these notes tell the reader of the log which publisher's timestamps look off, and by how much.
 */

/** The event that set the current context, and how far its timestamp ran ahead of this client's clock. */
export interface ContextSetter {
  id: string;
  name: string;
  /** Timestamp minus this client's clock on arrival, in ms (negative: stamped behind). */
  aheadMs: number;
}

/** The note for an open or close ignored as older than the event that set the current context. */
export function olderEventNote(
  reason: string,
  olderByMs: number,
  aheadMs: number,
  setter: ContextSetter | undefined,
): string {
  const against = setter
    ? `; against this app's clock it was stamped ${offset(aheadMs)}, ${setter.name} ${shortId(setter.id)} ` +
      `(which set the context) ${offset(setter.aheadMs)}`
    : '';
  return `${reason} by ${seconds(olderByMs)}: clock skew between publishers suspected${against}`;
}

function offset(ms: number): string {
  return `${seconds(Math.abs(ms))} ${ms >= 0 ? 'ahead' : 'behind'}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 0)} s`;
}

function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}
