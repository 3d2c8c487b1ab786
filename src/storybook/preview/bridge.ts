import type { Channel } from 'storybook/internal/channels';
import {
  type PanelRequest,
  REQUEST_EVENT,
  RESULT_EVENT,
  type RequestResult,
  SESSION_EVENT,
  STREAM_EVENT,
  type StreamBatch,
} from '../channel.ts';
import { handleRequest } from './requests.ts';
import type { StorySession } from './session.ts';
import { sessionSnapshot } from './snapshot.ts';

/** The part of Storybook's channel the bridge uses. */
export type PanelChannel = Pick<Channel, 'emit' | 'on' | 'off'>;

/** How often, at most, the panel hears of changes. */
const REPORT_INTERVAL_MS = 50;

/**
 * Connects a story's session to the panel: sends the session and the new stream entries after every change,
 * the whole of both when a panel says hello (or when the session starts, so an open panel clears), and
 * answers each request with its result.
 */
export function connectPanel(session: StorySession, channel: PanelChannel): () => void {
  let sent = 0;
  const sendAll = () => {
    channel.emit(SESSION_EVENT, sessionSnapshot(session));
    const batch: StreamBatch = { sessionId: session.id, entries: session.stream.all(), replace: true };
    channel.emit(STREAM_EVENT, batch);
    sent = session.stream.lastSeq;
  };
  const sendChanges = () => {
    const entries = session.stream.since(sent);
    sent = session.stream.lastSeq;
    if (entries.length > 0)
      channel.emit(STREAM_EVENT, { sessionId: session.id, entries } satisfies StreamBatch);
    channel.emit(SESSION_EVENT, sessionSnapshot(session));
  };
  const answer = (request: PanelRequest) => {
    if (request.kind === 'hello') {
      sendAll();
      return;
    }
    const reply = (ok: boolean, text: string) =>
      channel.emit(RESULT_EVENT, {
        sessionId: session.id,
        requestId: request.requestId,
        ok,
        text,
      } satisfies RequestResult);
    handleRequest(session, request).then(
      (text) => reply(true, text),
      (error: unknown) => reply(false, error instanceof Error ? error.message : String(error)),
    );
  };
  // At most one report per interval: a busy session changes hundreds of times a second, the panel needn't.
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const stopChanges = session.onChange(() => {
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      sendChanges();
    }, REPORT_INTERVAL_MS);
  });
  const stop = () => {
    clearTimeout(scheduled);
    stopChanges();
  };
  channel.on(REQUEST_EVENT, answer);
  sendAll();
  return () => {
    stop();
    channel.off(REQUEST_EVENT, answer);
  };
}
