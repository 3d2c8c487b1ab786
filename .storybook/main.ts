import type { StorybookConfig } from '@storybook/react-vite';

/**
 * Storybook for designers: every component and clinical workflow, each story on its own FHIRcast session
 * that the FHIRcast panel shows, drives and breaks. The addon is this package's own, from source (the
 * `react-fhircast/storybook` a team adds resolves to the same preset, built).
 */
const config: StorybookConfig = {
  stories: [
    '../stories/Introduction.mdx',
    '../stories/**/*.stories.@(ts|tsx)',
    '../test/storybook/*.stories.tsx',
  ],
  addons: [
    '@storybook/addon-docs',
    '@storybook/addon-a11y',
    '@storybook/addon-vitest',
    '../src/storybook/preset.ts',
  ],
  framework: { name: '@storybook/react-vite', options: {} },
  // The landing page's modules are transformed as the server starts, not while a newcomer waits for them.
  viteFinal: (config) => ({
    ...config,
    server: {
      ...config.server,
      warmup: {
        clientFiles: ['./.storybook/preview.tsx', './src/storybook/preview.ts', './stories/Introduction.mdx'],
      },
    },
  }),
  core: { disableTelemetry: true },
  features: {
    // A newcomer lands on the Introduction, not on Storybook's own "Get started" checklist.
    sidebarOnboardingChecklist: false,
    menuOnboardingChecklist: false,
  },
};

export default config;
