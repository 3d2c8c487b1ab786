import { isObject } from '../../protocol/items.ts';
import type { FhircastNotification, FhirResource } from '../../protocol/types.ts';

/** Most resources remembered; past it the least recently seen goes. */
const MAX_RESOURCES = 1000;
const RESOURCE_TYPE = /^[A-Z][A-Za-z]{0,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * The resources a session's events carried (context items, and the entries of bundles such as a report's
 * updates), as a read-only FHIR server answers them: the latest version of each, bounded in number.
 */
export class SeenResources {
  private readonly resources = new Map<string, FhirResource>();

  /** Remembers every resource with a valid type and id that `notification` carries. */
  record(notification: FhircastNotification): void {
    for (const item of notification.event.context) {
      this.remember(item.resource);
      const entries = item.resource?.resourceType === 'Bundle' ? item.resource.entry : undefined;
      if (Array.isArray(entries)) {
        for (const entry of entries) if (isObject(entry)) this.remember(entry.resource);
      }
    }
  }

  /** The resource `type/id`, or undefined when the session never carried it. */
  read(type: string, id: string): FhirResource | undefined {
    return this.resources.get(`${type}/${id}`);
  }

  private remember(resource: unknown): void {
    if (!isObject(resource)) return;
    const { resourceType, id } = resource;
    if (typeof resourceType !== 'string' || typeof id !== 'string') return;
    if (!RESOURCE_TYPE.test(resourceType) || !RESOURCE_ID.test(id)) return;
    const key = `${resourceType}/${id}`;
    this.resources.delete(key);
    this.resources.set(key, resource as FhirResource);
    if (this.resources.size > MAX_RESOURCES)
      this.resources.delete(this.resources.keys().next().value as string);
  }
}

/** A FHIR OperationOutcome with one issue, as FHIR servers answer errors. */
export function operationOutcome(code: string, diagnostics: string): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code, diagnostics }],
  };
}
