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
    // Storybook's highlight scans every element's computed style on each DOM change, highlighted or not:
    // a story receiving hundreds of events took 13 s instead of 3. The a11y addon loses only its overlay.
    highlight: false,
  },
};

export default config;
