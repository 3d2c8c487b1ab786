import { ANCHOR_KEYS, type AnchorType } from '../protocol/events.ts';
import { findItem, itemReference } from '../protocol/items.ts';
import type { ParsedCurrentContext } from '../protocol/messages.ts';
import { backoffDelay } from './backoff.ts';
import { type ContextState, replaceContext } from './context.ts';
import type { ResolvedClientOptions } from './options.ts';
import { contextSlice } from './store.ts';
import { Timer } from './timers.ts';
import type { StoreWriter } from './writer.ts';

/** Shortest time between two spaced context fetches (see `Resync.request`). */
const RESYNC_SPACING_MS = 100;

/** What the resync reads of the connection, at the moment it needs it. */
export interface ResyncLink {
  readonly running: boolean;
  readonly socket: WebSocket | undefined;
}

/** Where the hub's context comes from. */
export interface ContextSource {
  getContext(): Promise<ParsedCurrentContext>;
}

/**
 * Keeps the client's context equal to the hub's by fetching it: after each (re)connection, on a gap in the
 * versionId chain, for content not known here, after an event ignored as older, and on `resync()`. One
 * fetch at a time; a failed one is retried with backoff while its socket lives.
 */
export class Resync {
  readonly #options: ResolvedClientOptions;
  readonly #writer: StoreWriter;
  readonly #link: ResyncLink;
  readonly #source: ContextSource;
  readonly #timer: Timer;
  /** `waiting`: for the spacing or a backoff step (the timer); `fetching`: a request is under way. */
  #phase: 'idle' | 'waiting' | 'fetching' = 'idle';
  /** One more fetch asked for while one was under way or waiting, and how. */
  #again: 'now' | 'spaced' | undefined;
  #fetchedAt = 0;
  /** Bumped by every event applied to the context: a fetch that saw it change may hold an older answer. */
  #epoch = 0;
  /** Anchors the hub re-announced since the socket was confirmed; the only others a fetch keeps. */
  #reopened = new Set<AnchorType>();

  constructor(options: ResolvedClientOptions, writer: StoreWriter, link: ResyncLink, source: ContextSource) {
    this.#options = options;
    this.#writer = writer;
    this.#link = link;
    this.#source = source;
    this.#timer = new Timer(options.timers);
  }

  /** An event changed the context (an open of `opened`, when given). */
  changed(opened?: AnchorType): void {
    this.#epoch++;
    if (opened) this.#reopened.add(opened);
  }

  /** What this client knows of `anchor` is in doubt: only the hub's answer may keep it. */
  doubt(anchor: AnchorType): void {
    this.#reopened.delete(anchor);
  }

  /** A new socket was confirmed: the hub's context is learnt anew. */
  socketConfirmed(): void {
    this.#reopened = new Set();
    this.request();
  }

  /** The socket went away: a fetch waiting for its turn is dropped (the next confirmation asks again). */
  cancelWait(): void {
    if (this.#phase !== 'waiting') return;
    this.#timer.clear();
    this.#phase = 'idle';
  }

  /**
   * Fetches the hub's context, retrying with backoff while this socket lives, one request at a time. A
   * `spaced` fetch (for a gap in the versionId chain, or content) waits until RESYNC_SPACING_MS after the
   * last one: a page that fell behind finds the hub's answer ahead of the frames still queued, each of
   * which then looks like a gap, and fetching for every one of them would make one request per queued
   * frame. Asked while a fetch is under way or waiting, it runs once more after.
   */
  request(spaced = false, socket = this.#link.socket, attempt = 0): void {
    if (this.#phase !== 'idle') {
      if (this.#again !== 'now') this.#again = spaced ? 'spaced' : 'now';
      return;
    }
    const wait = this.#fetchedAt + RESYNC_SPACING_MS - this.#options.timers.now();
    if (spaced && this.#fetchedAt > 0 && wait > 0) {
      this.#wait(wait, () => this.request(true));
      return;
    }
    this.#phase = 'fetching';
    this.#again = undefined;
    const again = () => {
      const kind = this.#again;
      this.#again = undefined;
      if (kind && this.#link.running) this.request(kind === 'spaced');
    };
    this.fetch(spaced).then(
      () => {
        this.#phase = 'idle';
        this.#fetchedAt = this.#options.timers.now();
        again();
      },
      (error: unknown) => {
        this.#phase = 'idle';
        this.#writer.log({
          direction: 'in',
          name: 'resync',
          raw: '',
          note: `${String(error)}; trying again`,
        });
        if (!this.#link.running) return;
        if (socket !== this.#link.socket) return again();
        this.#again = undefined;
        const { backoff, random } = this.#options;
        this.#wait(backoffDelay(attempt, backoff, random), () => this.request(false, socket, attempt + 1));
      },
    );
  }

  /** Replaces the context with the hub's; `quietIfSame`: an answer equal to the state leaves no log entry. */
  async fetch(quietIfSame: boolean): Promise<void> {
    const writer = this.#writer;
    for (let round = 0; round < 3; round++) {
      const epoch = this.#epoch;
      const hub = await this.#source.getContext();
      if (epoch !== this.#epoch) {
        // Events were applied while the hub answered: the answer may be older than they are, and applying
        // it would take the context back. Ask again; after three such rounds, again shortly.
        if (round < 2) continue;
        const note = 'the context changed during each fetch; fetching again shortly';
        writer.log({ direction: 'in', name: 'resync', raw: '', note });
        this.request(true);
        return;
      }
      const state = writer.state();
      const next = replaceContext(state, hub, this.#reopened);
      const anchorsKept = Object.keys(next.anchors).length === Object.keys(state.anchors).length;
      if (anchorsKept && sameAsHub(state, hub)) {
        // Nothing to replace: keeping the state as it is spares every component a render (and, for the
        // check after an open, the event log a row per open). The content is known now.
        if (state.contentPending !== undefined) writer.set({ contentPending: undefined });
        if (!quietIfSame) {
          const note = `the hub's context matches (${hub.anchor})`;
          writer.log({ direction: 'in', name: 'resync', raw: hub, note });
        }
        return;
      }
      this.#epoch++;
      writer.asOneUpdate(() => {
        writer.set(contextSlice(next));
        const note = `context replaced with the hub's (${hub.anchor ?? 'empty'})`;
        writer.log({ direction: 'in', name: 'resync', raw: hub, note });
      });
      return;
    }
  }

  #wait(ms: number, run: () => void): void {
    this.#phase = 'waiting';
    this.#timer.start(ms, () => {
      this.#phase = 'idle';
      run();
    });
  }
}

/** Whether the hub's answer names the context, version and content (by value) this state already holds. */
function sameAsHub(state: ContextState, hub: ParsedCurrentContext): boolean {
  const held = state.current ? state.anchors[state.current] : undefined;
  if (!hub.anchor || state.current !== hub.anchor || !held || state.versionId !== hub.versionId) return false;
  const item = findItem(hub.context, ANCHOR_KEYS[hub.anchor]);
  if (!item || itemReference(item) !== held.ref) return false;
  return JSON.stringify(state.content) === JSON.stringify(hub.content);
}
