/**
 * `react-fhircast/storybook`: what stories use from the FHIRcast addon. The addon itself is added with one
 * line in `.storybook/main` (`addons: ['react-fhircast/storybook']`), which loads its preset.
 */
export { type FhircastStoryHub, STORY_EVENTS, useFhircastStoryHub } from './hubAccess.ts';
export type {
  FhircastSamples,
  FhircastScenario,
  FhircastStoryParameters,
  FhircastStoryParticipant,
  FhircastStorySeed,
} from './parameters.ts';
export {
  encounters,
  imagingSelections,
  measurements,
  patients,
  reports,
  sampleCatalogue,
  studies,
} from './samples.ts';
export { withFhircast } from './withFhircast.tsx';
