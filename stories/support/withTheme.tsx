import type { Decorator } from '@storybook/react-vite';
import { type ReactNode, useEffect } from 'react';

/**
 * The kit's light or dark theme (toolbar "Theme"). A story viewed on its own paints the whole canvas; in a
 * docs page, where stories of both themes meet, each story paints only its own box.
 */
export const withTheme: Decorator = (Story, context) => {
  const theme = (context.globals.theme as string | undefined) ?? 'light';
  return (
    <ThemeSurface theme={theme} wholeCanvas={context.viewMode === 'story'}>
      <Story />
    </ThemeSurface>
  );
};

function ThemeSurface(props: { theme: string; wholeCanvas: boolean; children: ReactNode }) {
  const { theme, wholeCanvas } = props;
  useEffect(() => {
    if (!wholeCanvas) return;
    document.body.dataset.rfcTheme = theme;
    return () => {
      delete document.body.dataset.rfcTheme;
    };
  }, [theme, wholeCanvas]);
  return (
    <div data-rfc-theme={theme} className="rfc-story-surface">
      {props.children}
    </div>
  );
}
