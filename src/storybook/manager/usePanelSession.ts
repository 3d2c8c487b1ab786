import { useCallback, useEffect, useRef, useState } from 'react';
import { STORY_CHANGED } from 'storybook/internal/core-events';
import { useChannel, useStorybookApi } from 'storybook/manager-api';
import {
  type PanelRequest,
  type PanelSession,
  REQUEST_EVENT,
  RESULT_EVENT,
  type RequestResult,
  SESSION_EVENT,
  STREAM_EVENT,
  STREAM_LIMIT,
  type StreamBatch,
  type StreamEntry,
} from '../channel.ts';

/** What the last request the panel sent is doing: under way, or how it went. */
export interface RequestOutcome {
  text: string;
  failed: boolean;
  pending: boolean;
}

/** A request as the panel asks it; the id is added when it is sent. */
export type PanelAsk = PanelRequest extends infer R
  ? R extends PanelRequest
    ? Omit<R, 'requestId'>
    : never
  : never;

/** The story's session and stream as the preview reports them, and a way to send it requests. */
export interface PanelSessionState {
  session: PanelSession | undefined;
  stream: StreamEntry[];
  outcome: RequestOutcome | undefined;
  send(request: PanelAsk, pendingText: string): void;
}

const HELLO: PanelRequest = { kind: 'hello', requestId: 'hello' };

/**
 * Follows the story's FHIRcast session over the channel. Everything starts over on a story change (or a new
 * session of the same story); the panel says hello on mount and on story change, and the preview answers
 * with everything it has.
 */
export function usePanelSession(): PanelSessionState {
  const api = useStorybookApi();
  const [session, setSession] = useState<PanelSession>();
  const [stream, setStream] = useState<StreamEntry[]>([]);
  const [outcome, setOutcome] = useState<RequestOutcome>();
  const sessionId = useRef<string | undefined>(undefined);
  const lastRequest = useRef('');
  const sayHello = useCallback(() => api.emit(REQUEST_EVENT, HELLO), [api]);
  useChannel({
    [SESSION_EVENT]: (next: PanelSession) => {
      if (next.sessionId !== sessionId.current) {
        sessionId.current = next.sessionId;
        setOutcome(undefined);
      }
      setSession(next);
    },
    [STREAM_EVENT]: (batch: StreamBatch) => {
      if (batch.sessionId !== sessionId.current) return;
      setStream((previous) => (batch.replace ? batch.entries : bounded([...previous, ...batch.entries])));
    },
    [RESULT_EVENT]: (result: RequestResult) => {
      if (result.sessionId !== sessionId.current || result.requestId !== lastRequest.current) return;
      setOutcome({ text: result.text, failed: !result.ok, pending: false });
    },
    [STORY_CHANGED]: () => {
      sessionId.current = undefined;
      setSession(undefined);
      setStream([]);
      setOutcome(undefined);
      // The new story's session may have reported before this event came: ask it again.
      sayHello();
    },
  });
  useEffect(() => sayHello(), [sayHello]);
  const send = useCallback(
    (request: PanelAsk, pendingText: string) => {
      const requestId = globalThis.crypto.randomUUID();
      lastRequest.current = requestId;
      setOutcome({ text: pendingText, failed: false, pending: true });
      api.emit(REQUEST_EVENT, { ...request, requestId } as PanelRequest);
    },
    [api],
  );
  return { session, stream, outcome, send };
}

function bounded(entries: StreamEntry[]): StreamEntry[] {
  return entries.length > STREAM_LIMIT ? entries.slice(entries.length - STREAM_LIMIT) : entries;
}
