/**
 * The addon's manager entry (loaded through the preset): registers the FHIRcast panel. Imports only
 * Storybook's manager API, its components and theming, and React. Storybook's manager provides `react` but
 * not `react/jsx-runtime`, so the panel's files use classic JSX (`@jsxRuntime classic`, `React` in scope),
 * in this repository's Storybook and in the library build alike.
 */
import { createElement } from 'react';
import { addons, types } from 'storybook/manager-api';
import { ADDON_ID, PANEL_ID, PARAM_KEY } from './channel.ts';
import { Panel } from './manager/Panel.tsx';

addons.register(ADDON_ID, () => {
  addons.add(PANEL_ID, {
    type: types.PANEL,
    title: 'FHIRcast',
    paramKey: PARAM_KEY,
    match: ({ viewMode }) => viewMode === 'story',
    render: ({ active }) => createElement(Panel, { active: active ?? false }),
  });
});
