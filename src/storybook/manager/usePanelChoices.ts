import { useAddonState } from 'storybook/manager-api';
import { ADDON_ID, type AnchorKind, type SampleView } from '../channel.ts';

/** What the panel's controls hold: the sample chosen per kind, the measurement, the filter, the delay. */
export interface PanelChoices {
  samples: Partial<Record<AnchorKind, string>>;
  measurement: string | undefined;
  filter: string;
  delayMs: number;
}

const INITIAL: PanelChoices = { samples: {}, measurement: undefined, filter: '', delayMs: 1000 };

/** The panel's choices, kept by Storybook across story changes, with a setter for a part of them. */
export function usePanelChoices(): [PanelChoices, (change: Partial<PanelChoices>) => void] {
  const [choices, setChoices] = useAddonState<PanelChoices>(`${ADDON_ID}/choices`, INITIAL);
  return [choices, (change) => void setChoices({ ...choices, ...change })];
}

/** The chosen sample, or the first when none (or one no longer offered) was chosen. */
export function pick(samples: SampleView[], value: string | undefined): SampleView | undefined {
  return samples.find((sample) => sample.value === value) ?? samples[0];
}
