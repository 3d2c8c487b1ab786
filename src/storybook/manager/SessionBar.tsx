/** @jsxRuntime classic */
import React, { useState } from 'react';
import { Button } from 'storybook/internal/components';
import { useGlobals } from 'storybook/manager-api';
import { styled } from 'storybook/theming';
import { HUB_GLOBAL, type PanelSession, SHARE_GLOBAL } from '../channel.ts';
import { statusTone } from './statusTone.ts';
import { Hint, Mono, Outcome, Pill, Row } from './styles.ts';
import type { PanelAsk, RequestOutcome } from './usePanelSession.ts';

const Bar = styled.div(({ theme }) => ({
  padding: '6px 12px',
  borderBottom: `1px solid ${theme.appBorderColor}`,
}));

const Subscribers = styled.ul({
  listStyle: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: '4px 14px',
});
const Subscriber = styled.li({ display: 'inline-flex', alignItems: 'center', gap: 6 });

/** Statuses after which an app waits for someone to try again. */
const HALTED = new Set(['denied', 'unauthorized', 'disconnected']);

/** Props of {@link SessionBar}. */
export interface SessionBarProps {
  session: PanelSession;
  /** How the panel's last request went, announced politely. */
  outcome: RequestOutcome | undefined;
  send(request: PanelAsk, pendingText: string): void;
}

/**
 * Who is on the story's topic and how each is connected (with the reason), which hub and topic the story
 * uses, the deliberate choices around them (sharing the topic across windows, the in-memory hub), and how
 * the panel's last request went.
 */
export function SessionBar({ session, outcome, send }: SessionBarProps) {
  const [, updateGlobals] = useGlobals();
  const { hub, subscribers } = session;
  const halted = subscribers.some((subscriber) => HALTED.has(subscriber.status));
  return (
    <Bar>
      <Row>
        <Subscribers aria-label="Subscribers">
          {subscribers.map((subscriber) => (
            <Subscriber key={subscriber.name}>
              <strong>{subscriber.name}</strong>
              <Pill tone={statusTone(subscriber.status)}>{subscriber.label}</Pill>
              {subscriber.reason ? <span>{subscriber.reason}</span> : null}
            </Subscriber>
          ))}
        </Subscribers>
        {halted ? (
          <Button ariaLabel={false} size="small" onClick={() => send({ kind: 'retry' }, 'Trying again…')}>
            Retry
          </Button>
        ) : null}
      </Row>
      <Row>
        <Hint as="span">
          {hub.kind === 'memory' ? (
            `In-memory hub${hub.profile && hub.profile !== 'stu3' ? ` behaving as ${hub.profile}` : ''}`
          ) : (
            <>
              Live hub <Mono>{hub.url}</Mono>
            </>
          )}
          , topic <Mono>{hub.topic}</Mono>
          {hub.kind === 'memory' ? ': nothing outside this page can join it.' : null}
          {hub.kind === 'live' && hub.shared ? ': shared, other windows on this story join it.' : null}
          {hub.kind === 'live' && !hub.shared ? ': fresh for this visit.' : null}
        </Hint>
        {hub.kind === 'live' ? (
          <Button
            ariaLabel={false}
            size="small"
            aria-pressed={hub.shared}
            onClick={() => updateGlobals({ [SHARE_GLOBAL]: hub.shared ? 'fresh' : 'shared' })}
          >
            Share across windows
          </Button>
        ) : null}
        {hub.liveUrl ? (
          <Button
            ariaLabel={false}
            size="small"
            onClick={() => updateGlobals({ [HUB_GLOBAL]: hub.kind === 'live' ? 'memory' : 'auto' })}
          >
            {hub.kind === 'live' ? 'Use the in-memory hub' : 'Use the live hub'}
          </Button>
        ) : null}
      </Row>
      {hub.kind === 'live' && hub.shared ? <JoinLine hubUrl={hub.url} topic={hub.topic} /> : null}
      <Outcome role="status" failed={outcome?.failed ?? false}>
        {outcome?.text ?? ''}
      </Outcome>
    </Bar>
  );
}

/** The curl line that shows the shared topic's context, to paste into a terminal, with a copy button. */
function JoinLine({ hubUrl, topic }: { hubUrl: string; topic: string }) {
  const [copied, setCopied] = useState(false);
  const line = `curl -s '${hubUrl}/${encodeURIComponent(topic)}'`;
  const copy = () =>
    navigator.clipboard.writeText(line).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <Row>
      <Hint as="span">The topic’s context, from a terminal:</Hint>
      <Mono>{line}</Mono>
      <Button ariaLabel={false} size="small" onClick={copy}>
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </Row>
  );
}
