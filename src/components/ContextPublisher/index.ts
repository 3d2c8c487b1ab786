export { ContextPublisher, type ContextPublisherProps } from './ContextPublisher.tsx';
export type { ContextPublisherSamples } from './sampleOptions.ts';
