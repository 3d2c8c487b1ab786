/**
 * What the addon's two halves say to each other over Storybook's channel: the preview (the story's hub and
 * apps) sends its session and traffic; the manager (the FHIRcast panel) sends requests. Plain data only:
 * this file is bundled into both halves and imports nothing.
 */

export const ADDON_ID = 'react-fhircast';
export const PANEL_ID = `${ADDON_ID}/panel`;
/** `parameters.fhircast`; `parameters.fhircast.disable` turns the addon off for a story. */
export const PARAM_KEY = 'fhircast';

/** Preview → panel: the whole session, after any change (see {@link PanelSession}). */
export const SESSION_EVENT = `${ADDON_ID}/session`;
/** Preview → panel: new stream entries, or the whole stream with `replace` (see {@link StreamBatch}). */
export const STREAM_EVENT = `${ADDON_ID}/stream`;
/** Preview → panel: how a request went (see {@link RequestResult}). */
export const RESULT_EVENT = `${ADDON_ID}/result`;
/** Panel → preview: a request (see {@link PanelRequest}). */
export const REQUEST_EVENT = `${ADDON_ID}/request`;

/** Global `memory`: run stories on the in-memory hub even where a live hub is configured. */
export const HUB_GLOBAL = 'fhircastHub';
/** Global `shared`: on a live hub, join the story's stable topic instead of a fresh one per visit. */
export const SHARE_GLOBAL = 'fhircastShare';
/**
 * Global naming a hub profile (`stu3`, `legacy-sandbox`, `medplum`): every story runs on an in-memory hub
 * that behaves as that hub does (the toolbar's "Hub profile"). Empty: each story's own `profile`.
 */
export const PROFILE_GLOBAL = 'fhircastProfile';

/** Entries the stream keeps, oldest dropped first, as the actions addon bounds its log. */
export const STREAM_LIMIT = 500;
/** Subscriber name of the participant through which the panel watches and drives the context. */
export const PANEL_SUBSCRIBER = 'FHIRcast panel';

/** The anchor types a story's context can hold. */
export type AnchorKind = 'Patient' | 'Encounter' | 'ImagingStudy' | 'DiagnosticReport';

/** One subscriber of the story's topic, as the panel lists it. */
export interface SubscriberView {
  name: string;
  status: string;
  /** What the kit's ConnectionStatus says for that status. */
  label: string;
  reason?: string;
}

/** One open anchor context. */
export interface AnchorView {
  anchor: AnchorKind;
  ref: string;
  label: string;
  versionId?: string;
}

/** One resource of the current context's shared content. */
export interface ContentView {
  ref: string;
  label: string;
}

/** A sample the panel offers: the value to send back, what people read, and (measurements) its "Type/id". */
export interface SampleView {
  value: string;
  label: string;
  ref?: string;
}

/** Everything the panel shows besides the stream. */
export interface PanelSession {
  sessionId: string;
  storyId: string;
  hub: {
    kind: 'memory' | 'live';
    url: string;
    topic: string;
    /** On a live hub: whether the topic is the story's stable one, which other windows join. */
    shared: boolean;
    /** The live hub the story may run on (`parameters.fhircast.hubUrl`), whichever hub it runs on now. */
    liveUrl?: string;
    /** On the in-memory hub: the hub profile it behaves as. */
    profile?: string;
  };
  subscribers: SubscriberView[];
  context: {
    current?: AnchorKind;
    versionId?: string;
    anchors: AnchorView[];
    content: ContentView[];
    selection: string[];
  };
  samples: Record<AnchorKind, SampleView[]> & { measurements: SampleView[] };
  faults: { available: boolean; reason?: string; delayMs: number };
}

/** One line of the stream: an event frame of one subscriber, or a change of its connection status. */
export interface StreamEntry {
  seq: number;
  subscriber: string;
  kind: 'event' | 'status';
  /** `in` (hub to app) or `out` (app to hub) for events. */
  direction?: 'in' | 'out';
  /** Event name, or what the frame was (confirmation, denial, resync), or the new status. */
  name: string;
  /** For a status: what the kit's ConnectionStatus says for it. */
  label?: string;
  time: number;
  /** Ack status sent (in), or the hub's answer (out). */
  status?: number;
  note?: string;
  /** The message as text, shown on demand. */
  raw?: string;
}

/** A batch of stream entries of one session. */
export interface StreamBatch {
  sessionId: string;
  entries: StreamEntry[];
  replace?: boolean;
}

/** A fault the panel can cause on the in-memory hub. */
export type FaultKind =
  | 'drop-sockets'
  | 'restart-keep-state'
  | 'restart-lose-state'
  | 'deny'
  | 'expire-lease';

/** What the panel asks the story's session to do. */
export type PanelRequest = { requestId: string } & (
  | { kind: 'hello' }
  | { kind: 'open'; sample: string }
  | { kind: 'close'; anchor: AnchorKind }
  | { kind: 'measurement'; change: 'add' | 'change' | 'remove' | 'select'; sample: string }
  | { kind: 'clear-selection' }
  | { kind: 'publish'; json: string }
  | { kind: 'fault'; fault: FaultKind }
  | { kind: 'delay-frames'; ms: number }
  | { kind: 'retry' }
);

/** How a request went: a line to show, and whether it failed. */
export interface RequestResult {
  sessionId: string;
  requestId: string;
  ok: boolean;
  text: string;
}
