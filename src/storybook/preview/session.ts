import type { ObservedProvider } from '../../react/FhircastObserverContext.ts';
import type { FhircastClient } from '../../react/types.ts';
import { PANEL_SUBSCRIBER } from '../channel.ts';
import type {
  FhircastSamples,
  FhircastScenario,
  FhircastStoryParameters,
  FhircastStoryParticipant,
} from '../parameters.ts';
import { sampleCatalogue } from '../samples.ts';
import { createPanelParticipant, createStoryApp, STORY_APP_SUBSCRIBER } from './clients.ts';
import { openStoryHub, type StoryHub } from './storyHub.ts';
import { StoryStream } from './stream.ts';

/** One mount of one story: its hub, its app, the panel's participant, and the traffic of every subscriber. */
export class StorySession {
  readonly id = globalThis.crypto.randomUUID();
  readonly storyId: string;
  readonly hub: StoryHub;
  /** The app behind the addon's provider; it stays idle when the story brings its own provider. */
  readonly app: FhircastClient;
  readonly participant: FhircastStoryParticipant;
  readonly samples: FhircastSamples;
  readonly stream = new StoryStream();
  /** The frame delay armed on the in-memory hub, in ms. */
  delayMs = 0;
  readonly #parameters: FhircastStoryParameters;
  readonly #scenario: FhircastScenario;
  readonly #followed = new Map<FhircastClient, { name: string; stop: () => void }>();
  readonly #foreign = new Set<FhircastClient>();
  readonly #listeners = new Set<() => void>();
  #appActive = false;
  #seeded = false;
  #appDisconnected = false;
  #notifying = false;

  constructor(
    storyId: string,
    parameters: FhircastStoryParameters,
    globals: Readonly<Record<string, unknown>>,
  ) {
    this.storyId = storyId;
    this.#parameters = parameters;
    this.#scenario = parameters.scenario ?? 'connected';
    this.samples = parameters.samples ?? sampleCatalogue;
    this.hub = openStoryHub(storyId, parameters, globals);
    this.app = createStoryApp(this.hub.access, this.#scenario, parameters.events);
    this.participant = createPanelParticipant(this.hub.access, this.hub.token);
  }

  /** Connects the panel's participant, and the app unless a provider of the story's own came first. */
  start(): void {
    this.#follow(this.participant.client, PANEL_SUBSCRIBER);
    this.participant.client.connect();
    if (this.#foreign.size === 0) {
      this.#appActive = true;
      this.#follow(this.app, STORY_APP_SUBSCRIBER);
      this.app.connect();
    }
  }

  /** A provider the story renders: followed in the stream, and the addon's own app steps aside for it. */
  readonly observe = ({ client, subscriberName }: ObservedProvider): (() => void) => {
    this.#foreign.add(client);
    this.#follow(client, subscriberName ?? `App ${this.#foreign.size}`);
    if (this.#appActive) {
      this.#appActive = false;
      this.#unfollow(this.app);
      void this.app.disconnect();
    }
    return () => {
      this.#foreign.delete(client);
      this.#unfollow(client);
    };
  };

  /** Every subscriber followed, with the name the panel shows. */
  subscribers(): { name: string; client: FhircastClient }[] {
    return [...this.#followed].map(([client, { name }]) => ({ name, client }));
  }

  /** Calls `listener` (at most once per microtask) after any change of any subscriber. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Leaves no subscription, socket or timer behind; on a fresh live topic, closes what was opened. */
  async close(): Promise<void> {
    for (const client of [...this.#followed.keys()]) this.#unfollow(client);
    if (this.#appActive) await this.app.disconnect();
    if (this.hub.kind === 'live' && !this.hub.shared) await this.#closeOpenContexts();
    await this.participant.client.disconnect();
    this.hub.loopback?.close();
  }

  #follow(client: FhircastClient, name: string): void {
    const stopStream = this.stream.follow(client, name);
    const stopStore = client.store.subscribe(() => this.#changed());
    const stop = () => {
      stopStream();
      stopStore();
    };
    this.#followed.set(client, { name, stop });
    this.#changed();
  }

  #unfollow(client: FhircastClient): void {
    this.#followed.get(client)?.stop();
    if (this.#followed.delete(client)) this.#changed();
  }

  #changed(): void {
    this.#seedOnce();
    this.#disconnectOnce();
    if (this.#notifying) return;
    this.#notifying = true;
    queueMicrotask(() => {
      this.#notifying = false;
      for (const listener of this.#listeners) listener();
    });
  }

  /** Runs the story's seed once the participant, and the addon's app when it is used, are connected. */
  #seedOnce(): void {
    const { seed } = this.#parameters;
    if (!seed || this.#seeded || this.participant.client.store.getState().status !== 'connected') return;
    if (this.#appActive && this.app.store.getState().status !== 'connected') return;
    this.#seeded = true;
    seed(this.participant).catch((error: unknown) =>
      console.error('react-fhircast story seed failed:', error),
    );
  }

  /** The `disconnected` scenario: the app ends its subscription once it has one. */
  #disconnectOnce(): void {
    if (this.#scenario !== 'disconnected' || this.#appDisconnected) return;
    if (this.app.store.getState().status !== 'connected') return;
    this.#appDisconnected = true;
    void this.app.disconnect();
  }

  /** A fresh topic is never visited again: its contexts are closed, so the hub does not keep it. */
  async #closeOpenContexts(): Promise<void> {
    const { anchors } = this.participant.client.store.getState();
    for (const open of Object.values(anchors)) {
      if (!open) continue;
      const close: string = `${open.anchor}-close`;
      await this.participant.client.publish(close, [...open.context]).catch(() => undefined);
    }
  }
}
