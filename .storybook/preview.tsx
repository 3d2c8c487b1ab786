import type { Preview } from '@storybook/react-vite';
import '../src/components/styles.css';
import '../stories/support/story.css';
import { withFhircast } from '../stories/support/withFhircast.tsx';

const preview: Preview = {
  decorators: [withFhircast],
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { matchers: { date: /Date$/i } },
    // Any accessibility violation fails the story, in the browser and under `npm test`.
    a11y: { test: 'error' },
  },
  globalTypes: {
    theme: {
      description: 'Component theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
};

export default preview;
