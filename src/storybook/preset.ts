/**
 * The Storybook preset behind `addons: ['react-fhircast/storybook']`: it adds the FHIRcast panel to the
 * manager and the FHIRcast decorator to every story. Runs in Node when Storybook starts.
 */
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(import.meta.url);
/** A file beside this one: `.js` in the package, `.ts` when this repository's Storybook uses the source. */
const beside = (name: string) => join(dirname(here), `${name}${extname(here)}`);

/** Registers the FHIRcast panel. */
export const managerEntries = (entries: string[] = []): string[] => [...entries, beside('manager')];

/** Adds the FHIRcast decorator and globals to every story. */
export const previewAnnotations = (entries: string[] = []): string[] => [...entries, beside('preview')];
