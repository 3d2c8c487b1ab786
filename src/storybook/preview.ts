/**
 * The addon's preview annotations (loaded through the preset): the FHIRcast decorator on every story, and
 * the globals the panel sets to choose the hub and to share a topic across windows, and the toolbar's hub
 * profile.
 */
import { HUB_PROFILE_NAMES, HUB_PROFILES } from '../hub/loopback.ts';
import { HUB_GLOBAL, PROFILE_GLOBAL, SHARE_GLOBAL } from './channel.ts';
import { withFhircast } from './withFhircast.tsx';

export const decorators = [withFhircast];

export const initialGlobals = { [HUB_GLOBAL]: 'auto', [SHARE_GLOBAL]: 'fresh', [PROFILE_GLOBAL]: '' };

/** The toolbar's "Hub profile": run every story against a hub that behaves as the hubs in the field do. */
export const globalTypes = {
  [PROFILE_GLOBAL]: {
    description: 'FHIRcast hub profile: the hub the stories run on behaves as this one',
    toolbar: {
      title: 'Hub profile',
      icon: 'transfer',
      dynamicTitle: true,
      items: [
        { value: '', title: "Each story's own hub" },
        ...HUB_PROFILE_NAMES.map((name) => ({ value: name, title: name, right: HUB_PROFILES[name].hub })),
      ],
    },
  },
};
