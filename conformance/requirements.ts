import { FHIRCAST_REQUIREMENTS } from './fhircast-requirements.ts';
import { IRA_REQUIREMENTS } from './ira-requirements.ts';

export type { Requirement } from './requirement.ts';

/** Every requirement of the conformance statement, FHIRcast first, in the order the statement lists them. */
export const REQUIREMENTS = [...FHIRCAST_REQUIREMENTS, ...IRA_REQUIREMENTS];
