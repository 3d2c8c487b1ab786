import type { ContextItem } from './types.ts';

/** A plain (non-array) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first context item under `key` (context keys compare case-insensitively; `key` is lower case). */
export function findItem<T extends { key: string }>(context: readonly T[], key: string): T | undefined {
  return context.find((item) => item.key.toLowerCase() === key);
}

/** The resource type a context item names, from its `resource` or from its `reference` ("Type/id"). */
export function itemResourceType(item: ContextItem): string | undefined {
  if (isObject(item.resource) && typeof item.resource.resourceType === 'string')
    return item.resource.resourceType;
  const ref = isObject(item.reference) ? item.reference.reference : undefined;
  if (typeof ref === 'string' && ref.includes('/')) return ref.split('/').at(-2);
  return undefined;
}

/** The "Type/id" an item points at, from its resource or its reference. */
export function itemReference(item: ContextItem): string | undefined {
  if (isObject(item.resource) && typeof item.resource.id === 'string') {
    return `${item.resource.resourceType}/${item.resource.id}`;
  }
  const ref = isObject(item.reference) ? item.reference.reference : undefined;
  return typeof ref === 'string' ? ref.split('/').slice(-2).join('/') : undefined;
}

/** `{ [key]: value }` when `value` is a non-empty string, else `{}`: for optional fields read from the wire. */
export function optionalString<K extends string>(key: K, value: unknown): { [key in K]?: string } {
  return (typeof value === 'string' && value !== '' ? { [key]: value } : {}) as { [key in K]?: string };
}
