import type { CodeableConcept, HumanName } from '@medplum/fhirtypes';
import { conceptText, formatPatientName, listOf, textOf } from '../../components/format.ts';

/** A FHIR resource as the hub relays it: anything beyond `resourceType` may be missing or malformed. */
interface LooseResource {
  resourceType: string;
  id?: string;
}

/** What the panel shows for a resource in context or content: a name a person recognises, as plain text. */
export function resourceLabel(resource: LooseResource | undefined): string {
  if (!resource) return 'Unknown resource';
  const fields = resource as unknown as Record<string, unknown>;
  const concept = (field: string) => conceptText(fields[field] as CodeableConcept | undefined);
  switch (resource.resourceType) {
    case 'Patient':
      return formatPatientName({ resourceType: 'Patient', name: fields.name as HumanName[] | undefined });
    case 'Encounter': {
      const type = listOf(fields.type as CodeableConcept[] | undefined)
        .map(conceptText)
        .find(Boolean);
      return type ?? textOf((fields.class as { display?: unknown } | undefined)?.display) ?? 'Encounter';
    }
    case 'ImagingStudy':
      return textOf(fields.description) ?? 'Imaging study';
    case 'DiagnosticReport':
      return concept('code') ?? 'Report';
    case 'Observation':
      return [concept('code') ?? 'Observation', quantityText(fields.valueQuantity), site(concept('bodySite'))]
        .filter(Boolean)
        .join(' ');
    default:
      return concept('code') ?? `${resource.resourceType}/${textOf(resource.id) ?? '?'}`;
  }
}

/** "Type/id", the way selections and content refer to a resource. */
export function resourceRef(resource: LooseResource): string {
  return `${resource.resourceType}/${textOf(resource.id) ?? ''}`;
}

function quantityText(value: unknown): string | undefined {
  const quantity = value as { value?: unknown; unit?: unknown } | undefined;
  if (typeof quantity?.value !== 'number') return undefined;
  return [String(quantity.value), textOf(quantity.unit)].filter(Boolean).join(' ');
}

function site(text: string | undefined): string | undefined {
  return text ? `— ${text}` : undefined;
}
