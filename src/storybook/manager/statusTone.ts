import type { Tone } from './styles.ts';

/** The colour of a client status. */
export function statusTone(status: string): Tone {
  if (status === 'connected') return 'positive';
  if (status === 'connecting' || status === 'reconnecting') return 'warning';
  if (status === 'unauthorized' || status === 'denied') return 'negative';
  return 'neutral';
}

/** The colour of an ack status or hub answer: 2xx fine, anything else a refusal or failure. */
export function ackTone(status: number | undefined, note: string | undefined): Tone {
  if (status === undefined) return note ? 'warning' : 'neutral';
  return status >= 200 && status < 300 ? 'positive' : 'negative';
}
