import type { Preview } from '@storybook/react-vite';
import { extractComponentDescription } from 'storybook/internal/docs-tools';
import '../src/components/styles.css';
import '../stories/support/story.css';
import type { FhircastStoryParameters } from '../src/storybook/parameters.ts';
import { examplesAsCode } from '../stories/support/examplesAsCode.ts';
import { withTheme } from '../stories/support/withTheme.tsx';

/** Set by `npm start`: stories join the development hub it runs instead of an in-memory one. */
const liveHubUrl = (import.meta as { env?: Record<string, string | undefined> }).env
  ?.STORYBOOK_FHIRCAST_HUB_URL;

const preview: Preview = {
  decorators: [withTheme],
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { matchers: { date: /Date$/i } },
    // Any accessibility violation fails the story, in the browser and under `npm test`.
    a11y: { test: 'error' },
    fhircast: (liveHubUrl ? { hubUrl: liveHubUrl } : {}) satisfies FhircastStoryParameters,
    docs: {
      // JSDoc `@example` blocks are code, not markup for the docs page to render.
      extractComponentDescription: (component: unknown) =>
        examplesAsCode(extractComponentDescription(component) ?? ''),
    },
  },
  globalTypes: {
    theme: {
      description: 'The components’ theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light theme', icon: 'sun' },
          { value: 'dark', title: 'Dark theme', icon: 'moon' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
};

export default preview;
