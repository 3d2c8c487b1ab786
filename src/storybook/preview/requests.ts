import { sampleGroups } from '../../components/ContextPublisher/sampleOptions.ts';
import type { FhircastState, PublishResult } from '../../react/types.ts';
import type { AnchorKind, PanelRequest } from '../channel.ts';
import { breakHub, delayFrames } from './faults.ts';
import type { StorySession } from './session.ts';
import { parseTypedEvent } from './typedEvent.ts';

/** Statuses in which a client waits for someone to try again. */
const HALTED = new Set(['denied', 'unauthorized', 'disconnected', 'reconnecting']);

/** Does what the panel asked; answers a line saying what happened, or throws one saying why not. */
export async function handleRequest(session: StorySession, request: PanelRequest): Promise<string> {
  const { participant } = session;
  switch (request.kind) {
    case 'hello':
      return '';
    case 'open': {
      const option = sampleGroups(session.samples)
        .flatMap((group) => group.options)
        .find((candidate) => candidate.value === request.sample);
      if (!option) throw new Error(`No sample ${request.sample}`);
      return published(await option.open(participant));
    }
    case 'close': {
      const open = participant.client.store.getState().anchors[request.anchor];
      if (!open) throw new Error(`No ${ANCHOR_NAMES[request.anchor]} is open`);
      const close: string = `${request.anchor}-close`;
      return published(await participant.client.publish(close, [...open.context]));
    }
    case 'measurement':
      return published(await changeMeasurement(session, request.change, request.sample));
    case 'clear-selection':
      return published(await participant.selectInReport([]));
    case 'publish': {
      const typed = parseTypedEvent(request.json);
      return published(await participant.client.publish(typed.event, typed.context as never));
    }
    case 'fault':
      return breakHub(session, request.fault);
    case 'delay-frames':
      return delayFrames(session, request.ms);
    case 'retry': {
      const halted = session.subscribers().filter(({ client }) => HALTED.has(client.store.getState().status));
      for (const { client } of halted) client.retry();
      return halted.length > 0
        ? `Trying again: ${halted.map(({ name }) => name).join(', ')}`
        : 'Nothing to retry';
    }
  }
}

const ANCHOR_NAMES: Record<AnchorKind, string> = {
  Patient: 'patient',
  Encounter: 'encounter',
  ImagingStudy: 'imaging study',
  DiagnosticReport: 'report',
};

async function changeMeasurement(
  session: StorySession,
  change: 'add' | 'change' | 'remove' | 'select',
  sample: string,
): Promise<PublishResult> {
  const { participant } = session;
  const measurement = session.samples.measurements[Number(sample.split(':')[1])];
  if (!measurement?.id) throw new Error(`No measurement ${sample}`);
  const ref = `Observation/${measurement.id}`;
  if (change === 'add') return participant.updateReport([{ put: measurement }]);
  const shared = sharedResource(participant.client.store.getState(), ref);
  if (!shared) throw new Error('Not shared in the report yet: add it first');
  if (change === 'remove') return participant.updateReport([{ delete: ref }]);
  if (change === 'select') return participant.selectInReport([ref]);
  // A changed measurement: half a millimetre longer, and marked amended, as a viewer re-measuring would.
  const quantity = shared.valueQuantity as { value?: number } | undefined;
  const value = Math.round(((quantity?.value ?? 0) + 0.5) * 10) / 10;
  const amended = { ...shared, status: 'amended', valueQuantity: { ...quantity, value } };
  return participant.updateReport([{ put: amended as typeof measurement }]);
}

function sharedResource(state: FhircastState, ref: string) {
  return state.content.find((resource) => `${resource.resourceType}/${resource.id ?? ''}` === ref);
}

function published(result: PublishResult): string {
  const { event } = result.event;
  const version = event['context.versionId'] ? ` (versionId ${event['context.versionId']})` : '';
  return `Published ${event['hub.event']}${version}`;
}
