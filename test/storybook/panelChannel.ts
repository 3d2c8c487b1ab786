/**
 * The FHIRcast panel's side of the channel, for story tests: the same requests the panel sends, and the
 * session and stream the preview answers with. Resolves on what the preview reports, never on a timer.
 */
import { addons } from 'storybook/preview-api';
import {
  type PanelRequest,
  type PanelSession,
  REQUEST_EVENT,
  RESULT_EVENT,
  type RequestResult,
  SESSION_EVENT,
  STREAM_EVENT,
  type StreamBatch,
  type StreamEntry,
} from '../../src/storybook/channel.ts';
import type { PanelAsk } from '../../src/storybook/manager/usePanelSession.ts';

/** Sends a request as the panel does and resolves with the preview's result. */
export function askPanel(request: PanelAsk): Promise<RequestResult> {
  const channel = addons.getChannel();
  const requestId = globalThis.crypto.randomUUID();
  return new Promise((resolve) => {
    const listener = (result: RequestResult) => {
      if (result.requestId !== requestId) return;
      channel.off(RESULT_EVENT, listener);
      resolve(result);
    };
    channel.on(RESULT_EVENT, listener);
    channel.emit(REQUEST_EVENT, { ...request, requestId } as PanelRequest);
  });
}

/** Resolves with the first session report for which `predicate` holds (asking for one at once). */
export function sessionWhere(predicate: (session: PanelSession) => boolean): Promise<PanelSession> {
  const channel = addons.getChannel();
  return new Promise((resolve) => {
    const listener = (session: PanelSession) => {
      if (!predicate(session)) return;
      channel.off(SESSION_EVENT, listener);
      resolve(session);
    };
    channel.on(SESSION_EVENT, listener);
    channel.emit(REQUEST_EVENT, { kind: 'hello', requestId: 'hello' } satisfies PanelRequest);
  });
}

/** Resolves with the first stream entry, from now on, for which `predicate` holds. */
export function streamEntry(predicate: (entry: StreamEntry) => boolean): Promise<StreamEntry> {
  const channel = addons.getChannel();
  return new Promise((resolve) => {
    const listener = (batch: StreamBatch) => {
      const found = batch.replace ? undefined : batch.entries.find(predicate);
      if (!found) return;
      channel.off(STREAM_EVENT, listener);
      resolve(found);
    };
    channel.on(STREAM_EVENT, listener);
  });
}
