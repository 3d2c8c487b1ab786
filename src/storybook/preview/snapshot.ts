import { CONNECTION_STATUS_LABELS } from '../../components/ConnectionStatus/ConnectionStatus.tsx';
import { sampleGroups } from '../../components/ContextPublisher/sampleOptions.ts';
import type { AnchorKind, PanelSession, SampleView } from '../channel.ts';
import { resourceLabel, resourceRef } from './labels.ts';
import type { StorySession } from './session.ts';

/** The context key that names each anchor's resource. */
const ANCHOR_KEY: Record<AnchorKind, string> = {
  Patient: 'patient',
  Encounter: 'encounter',
  ImagingStudy: 'study',
  DiagnosticReport: 'report',
};

/** Which anchor the panel's sample lists open, by the prefix of ContextPublisher's option values. */
const SAMPLE_KIND: Record<string, AnchorKind> = {
  patient: 'Patient',
  encounter: 'Encounter',
  study: 'ImagingStudy',
  report: 'DiagnosticReport',
};

/** Everything the panel shows besides the stream, as plain data for the channel. */
export function sessionSnapshot(session: StorySession): PanelSession {
  const state = session.participant.client.store.getState();
  const anchors = Object.values(state.anchors).flatMap((open) => {
    if (!open) return [];
    const item = open.context.find((entry) => entry.key.toLowerCase() === ANCHOR_KEY[open.anchor]);
    return [
      {
        anchor: open.anchor,
        ref: open.ref,
        label: item?.resource ? resourceLabel(item.resource) : open.ref,
        ...(open.versionId === undefined ? {} : { versionId: open.versionId }),
      },
    ];
  });
  const { hub } = session;
  return {
    sessionId: session.id,
    storyId: session.storyId,
    hub: {
      kind: hub.kind,
      url: hub.access.hubUrl,
      topic: hub.access.topic,
      shared: hub.shared,
      ...(hub.liveUrl === undefined ? {} : { liveUrl: hub.liveUrl }),
      ...(hub.profile === undefined ? {} : { profile: hub.profile }),
    },
    subscribers: session.subscribers().map(({ name, client }) => {
      const { status, reason } = client.store.getState();
      const label = CONNECTION_STATUS_LABELS[status];
      return { name, status, label, ...(reason === undefined ? {} : { reason }) };
    }),
    context: {
      ...(state.current === undefined ? {} : { current: state.current }),
      ...(state.versionId === undefined ? {} : { versionId: state.versionId }),
      anchors,
      content: state.content.map((resource) => ({
        ref: resourceRef(resource),
        label: resourceLabel(resource),
      })),
      selection: state.selection.flatMap((reference) => (reference.reference ? [reference.reference] : [])),
    },
    samples: sampleViews(session),
    faults: hub.loopback
      ? { available: true, delayMs: session.delayMs }
      : {
          available: false,
          reason: `Breaking the connection needs the in-memory hub; this story is on the live hub at ${hub.access.hubUrl}.`,
          delayMs: 0,
        },
  };
}

function sampleViews(session: StorySession): PanelSession['samples'] {
  const views: PanelSession['samples'] = {
    Patient: [],
    Encounter: [],
    ImagingStudy: [],
    DiagnosticReport: [],
    measurements: session.samples.measurements.map((observation, index) => ({
      value: `measurement:${index}`,
      label: resourceLabel(observation),
      ref: resourceRef(observation),
    })),
  };
  for (const option of sampleGroups(session.samples).flatMap((group) => group.options)) {
    const kind = SAMPLE_KIND[option.value.split(':')[0] ?? ''];
    if (kind) views[kind].push({ value: option.value, label: option.label } satisfies SampleView);
  }
  return views;
}
