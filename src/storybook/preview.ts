/**
 * The addon's preview annotations (loaded through the preset): the FHIRcast decorator on every story, and
 * the globals the panel sets to choose the hub and to share a topic across windows.
 */
import { HUB_GLOBAL, SHARE_GLOBAL } from './channel.ts';
import { withFhircast } from './withFhircast.tsx';

export const decorators = [withFhircast];

export const initialGlobals = { [HUB_GLOBAL]: 'auto', [SHARE_GLOBAL]: 'fresh' };
