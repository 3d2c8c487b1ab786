import type { Decorator } from '@storybook/react-vite';

/** The kit's light or dark theme (toolbar "Theme") around each story. */
export const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme as string | undefined) ?? 'light';
  return (
    <div data-rfc-theme={theme} className="rfc-story-surface">
      <Story />
    </div>
  );
};
