import { addons } from 'storybook/manager-api';
import { PANEL_ID } from '../src/storybook/channel.ts';

// Designers come here for the FHIRcast session: its panel is the one open at first.
addons.setConfig({ selectedPanel: PANEL_ID });
