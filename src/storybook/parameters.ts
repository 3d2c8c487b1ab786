import type { ContextPublisherSamples } from '../components/ContextPublisher/sampleOptions.ts';
import type { HubProfileName } from '../hub/loopback.ts';
import type { FhircastClient, FhircastPublishers } from '../react/types.ts';

/** A connection state a story shows, each produced for real (a hub that refuses, a fetch that fails…). */
export type FhircastScenario =
  | 'connected'
  | 'connecting'
  | 'reconnecting'
  | 'unauthorized'
  | 'denied'
  | 'disconnected';

/** Another participant on the story's topic (the panel's own) with typed publishers and its client. */
export type FhircastStoryParticipant = FhircastPublishers & { client: FhircastClient };

/** Publishes a story's initial context as another participant, once the story's app is connected. */
export type FhircastStorySeed = (participant: FhircastStoryParticipant) => Promise<unknown>;

/** What the panel opens and shares: patients, encounters, studies, reports and measurements. */
export type FhircastSamples = ContextPublisherSamples;

/** `parameters.fhircast`: how the addon sets up a story's FHIRcast session. */
export interface FhircastStoryParameters {
  /**
   * `hub.url` of a live hub to join (e.g. the development hub, `npx react-fhircast-hub`). Default none: an
   * in-memory hub per story, which needs no server and works in a static build.
   */
  hubUrl?: string;
  /**
   * Topic on a live hub. Default a fresh `storybook-<story id>-<random>` on every visit, so that each visit
   * starts empty; the panel's "Share" joins the stable `storybook-<story id>` instead.
   */
  topic?: string;
  /** Events the story's app follows. Default every event the kit's components use. */
  events?: string[];
  /** The connection state to produce. Default `connected`; the others run on the in-memory hub. */
  scenario?: FhircastScenario;
  /**
   * The hub the in-memory hub behaves as: `stu3` (default, the guide), `legacy-sandbox` or `medplum` (see
   * the README's "Tested hubs"), so a story shows the states a real hub of that kind produces. Naming one
   * keeps the story on the in-memory hub even where a live hub is configured; the toolbar's "Hub profile"
   * overrides it for every story.
   */
  profile?: HubProfileName;
  /** Context to publish once the app is connected, e.g. `(p) => p.openPatient(patient)`. */
  seed?: FhircastStorySeed;
  /** What the panel offers to open and share. Default the kit's synthetic samples. */
  samples?: FhircastSamples;
  /** Leaves the story without hub, provider or panel. */
  disable?: boolean;
}
