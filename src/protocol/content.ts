import { isObject } from './items.ts';
import type { FhirResource } from './types.ts';

/** The outcome of applying an update bundle: the new content, or why nothing was applied. */
export type ContentUpdateResult = { content: readonly FhirResource[] } | { error: string };

/**
 * The field that marks a content entry shared by reference: an update entry with a `fullUrl` and no
 * resource (IHE IRA lets a sender share content it does not inline). Such an entry is kept in content as
 * `{ resourceType, id, 'fhircast:fullUrl': fullUrl }` until a reader fetches the resource itself. The
 * name holds a colon, so no FHIR element can clash with it.
 */
export const CONTENT_REFERENCE = 'fhircast:fullUrl';

/** Whether a content entry was shared by reference and is not fetched yet. */
export function isContentReference(resource: { resourceType: string }): boolean {
  return typeof (resource as FhirResource)[CONTENT_REFERENCE] === 'string';
}

/** The content entry that stands for a resource shared only by its `fullUrl`. */
export function contentReference(key: string, fullUrl: string): FhirResource {
  const [resourceType = '', id = ''] = key.split('/');
  return { resourceType, id, [CONTENT_REFERENCE]: fullUrl };
}

/** "Type/id" of a resource, the key content entries are addressed by. */
export function resourceKey(resource: { resourceType: string; id?: string }): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

/** "Type/id" from a fullUrl or request url such as `Observation/1` or `https://x/fhir/Observation/1`. */
export function keyFromUrl(url: string): string | undefined {
  const path = (url.split('?')[0] ?? '').replace(/\/_history\/[^/]*$/, '');
  const parts = path.split('/').filter(Boolean);
  return parts.length >= 2 ? `${parts.at(-2)}/${parts.at(-1)}` : undefined;
}

/**
 * Applies a FHIRcast update Bundle (type transaction; PUT adds or replaces by type and id, DELETE removes
 * by fullUrl) to the shared content, all or nothing. `protectedKeys` are the resources of the original
 * open, which may be replaced but never deleted. The input array is never modified.
 */
export function applyUpdateBundle(
  content: readonly FhirResource[],
  bundle: unknown,
  protectedKeys: ReadonlySet<string> = new Set(),
): ContentUpdateResult {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') return { error: 'updates must be a Bundle' };
  if (bundle.type !== undefined && bundle.type !== 'transaction') {
    return { error: `updates must be a Bundle of type "transaction", not "${String(bundle.type)}"` };
  }
  const entries = bundle.entry ?? [];
  if (!Array.isArray(entries)) return { error: 'updates.entry must be an array' };
  const next = new Map(content.map((resource) => [resourceKey(resource), resource]));
  for (const [index, entry] of entries.entries()) {
    const error = applyEntry(next, entry, index, protectedKeys);
    if (error) return { error };
  }
  return { content: [...next.values()] };
}

function applyEntry(
  next: Map<string, FhirResource>,
  entry: unknown,
  index: number,
  protectedKeys: ReadonlySet<string>,
): string | undefined {
  const where = `updates.entry[${index}]`;
  if (!isObject(entry)) return `${where} must be an object`;
  const method = isObject(entry.request) ? String(entry.request.method ?? '').toUpperCase() : '';
  if (method === 'PUT') {
    const { resource } = entry;
    if (resource === undefined && typeof entry.fullUrl === 'string') {
      const key = keyFromUrl(entry.fullUrl);
      if (!key) return `${where}: a PUT by reference needs a fullUrl such as "Observation/123"`;
      next.delete(key);
      next.set(key, contentReference(key, entry.fullUrl));
      return undefined;
    }
    if (!isObject(resource) || typeof resource.resourceType !== 'string') {
      return `${where}: a PUT needs a resource with a resourceType, or a fullUrl alone to share it by reference`;
    }
    if (typeof resource.id !== 'string' || resource.id === '') return `${where}: a PUT resource needs an id`;
    const key = resourceKey(resource as FhirResource);
    next.delete(key);
    next.set(key, resource as FhirResource);
    return undefined;
  }
  if (method === 'DELETE') {
    const requestUrl = (entry.request as { url?: unknown }).url;
    const key =
      (typeof entry.fullUrl === 'string' ? keyFromUrl(entry.fullUrl) : undefined) ??
      (typeof requestUrl === 'string' ? keyFromUrl(requestUrl) : undefined);
    if (!key) return `${where}: a DELETE needs a fullUrl such as "Observation/123"`;
    if (protectedKeys.has(key)) return `${where}: ${key} belongs to the opened context and cannot be deleted`;
    next.delete(key);
    return undefined;
  }
  if (method === 'POST') return `${where}: POST is not allowed in a FHIRcast update; use PUT with an id`;
  return `${where}: request.method must be PUT or DELETE`;
}

/** The content as the hub reports it in a get-current-context answer: a Bundle of type collection. */
export function contentBundle(content: readonly FhirResource[]): FhirResource {
  const entry = content.map((resource) =>
    isContentReference(resource) ? { fullUrl: resource[CONTENT_REFERENCE] } : { resource },
  );
  return { resourceType: 'Bundle', type: 'collection', entry };
}
