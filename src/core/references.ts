import { CONTENT_REFERENCE, isContentReference, resourceKey } from '../protocol/content.ts';
import { isObject } from '../protocol/items.ts';
import type { FhirResource } from '../protocol/types.ts';
import type { StoreWriter } from './writer.ts';

/** Reads a FHIR resource by its relative path ("Observation/123"); the Medplum adapter passes one. */
export type ResourceReader = (
  reference: string,
) => Promise<{ resourceType: string; id?: string } | undefined>;

/**
 * Fetches content shared by reference (IHE IRA: update entries with only a `fullUrl`) through the app's
 * reader, and puts each resource in place of what stood for it. While a fetch runs its key is listed in
 * `state.contentFetching`; a failed fetch is logged and leaves the entry shared by reference.
 */
export class ContentReferences {
  readonly #writer: StoreWriter;
  readonly #read: ResourceReader;
  readonly #inFlight = new Set<string>();

  constructor(writer: StoreWriter, read: ResourceReader) {
    this.#writer = writer;
    this.#read = read;
  }

  /** Starts fetching every entry of `content` shared by reference that is not being fetched already. */
  resolve(content: readonly FhirResource[]): void {
    for (const entry of content) {
      if (!isContentReference(entry)) continue;
      const key = resourceKey(entry);
      if (this.#inFlight.has(key)) continue;
      this.#inFlight.add(key);
      this.#setFetching();
      void this.#fetch(key, entry[CONTENT_REFERENCE] as string);
    }
  }

  async #fetch(key: string, fullUrl: string): Promise<void> {
    let resource: FhirResource | undefined;
    let problem: string | undefined;
    try {
      resource = (await this.#read(key)) as FhirResource | undefined;
      if (!isObject(resource) || resourceKey(resource) !== key) problem = `the reader gave no ${key}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    this.#inFlight.delete(key);
    const writer = this.#writer;
    writer.asOneUpdate(() => {
      this.#setFetching();
      if (problem || !resource) {
        writer.log({
          direction: 'in',
          name: 'content',
          raw: '',
          note: `could not read ${fullUrl}: ${problem}`,
        });
        return;
      }
      // Only the entry that still stands for it is replaced: the content may have moved on meanwhile.
      const { content } = writer.state();
      const at = content.findIndex((entry) => isContentReference(entry) && resourceKey(entry) === key);
      if (at < 0) return;
      writer.set({
        content: content.map((entry, index) => (index === at ? (resource as FhirResource) : entry)),
      });
    });
  }

  #setFetching(): void {
    this.#writer.set({ contentFetching: [...this.#inFlight] });
  }
}
