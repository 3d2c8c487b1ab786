import { ANCHOR_KEYS, type EventSpec, findEventSpec } from './events.ts';
import { isObject, itemResourceType } from './items.ts';

/**
 * Checks an event's `context` against the catalogue: required keys present, cardinality respected,
 * resource types right, anchor resources of opens and closes carrying an `id`.
 * Returns a message naming the first problem, or undefined when the context is valid.
 * Unknown event names are only checked for shape: FHIRcast lets events it does not name pass.
 */
export function validateEventContext(eventName: string, context: unknown): string | undefined {
  if (!Array.isArray(context)) return `${eventName}: event.context must be an array`;
  for (const [index, item] of context.entries()) {
    if (!isObject(item)) return `${eventName}: context[${index}] must be an object`;
    if (typeof item.key !== 'string' || item.key.trim() === '') {
      return `${eventName}: context[${index}] must have a non-empty "key"`;
    }
  }
  const spec = findEventSpec(eventName);
  if (!spec) return undefined;
  return checkKeys(spec, context as Record<string, unknown>[]) ?? checkStudyPatient(spec, context);
}

/** An ImagingStudy event SHALL name the patient when its study has a patient subject. */
function checkStudyPatient(spec: EventSpec, context: Record<string, unknown>[]): string | undefined {
  if (spec.anchor !== 'ImagingStudy' || (spec.action !== 'open' && spec.action !== 'close')) return undefined;
  const study = context.find((item) => String(item.key).toLowerCase() === 'study')?.resource;
  const subject = isObject(study) && isObject(study.subject) ? study.subject.reference : undefined;
  const hasPatient = context.some((item) => String(item.key).toLowerCase() === 'patient');
  if (typeof subject === 'string' && subject.startsWith('Patient/') && !hasPatient) {
    return `${spec.name}: missing context key "patient", required because the study's subject is a patient`;
  }
  return undefined;
}

function checkKeys(spec: EventSpec, context: Record<string, unknown>[]): string | undefined {
  for (const keySpec of spec.keys) {
    const items = context.filter((item) => String(item.key).toLowerCase() === keySpec.key);
    if (items.length < keySpec.min) return `${spec.name}: missing required context key "${keySpec.key}"`;
    if (keySpec.max === 1 && items.length > 1) {
      return `${spec.name}: context key "${keySpec.key}" may appear only once`;
    }
    for (const item of items) {
      const problem = checkItem(spec, keySpec.key, keySpec.resourceType, item);
      if (problem) return problem;
    }
  }
  return undefined;
}

function checkItem(spec: EventSpec, key: string, resourceType: string, item: Record<string, unknown>) {
  const { resource, reference } = item;
  if (resource === undefined && reference === undefined) {
    return `${spec.name}: context key "${key}" must carry a "resource" or a "reference"`;
  }
  if (resource !== undefined && !(isObject(resource) && typeof resource.resourceType === 'string')) {
    return `${spec.name}: context key "${key}" has a resource without a resourceType`;
  }
  if (reference !== undefined && !(isObject(reference) && typeof reference.reference === 'string')) {
    return `${spec.name}: context key "${key}" has a reference without a "reference" string`;
  }
  const actual = itemResourceType(item as { key: string });
  if (resourceType !== '*' && actual !== undefined && actual !== resourceType) {
    return `${spec.name}: context key "${key}" must be a ${resourceType}, not a ${actual}`;
  }
  if (key === 'updates' && !isObject(resource)) {
    return `${spec.name}: context key "updates" must carry a Bundle resource`;
  }
  const isAnchorOpenOrClose = spec.anchor && (spec.action === 'open' || spec.action === 'close');
  if (isAnchorOpenOrClose && key === ANCHOR_KEYS[spec.anchor as keyof typeof ANCHOR_KEYS]) {
    if (!isObject(resource) || typeof resource.id !== 'string' || resource.id === '') {
      return `${spec.name}: the "${key}" resource must have an id`;
    }
  }
  return undefined;
}
