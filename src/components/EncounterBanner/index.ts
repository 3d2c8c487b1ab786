export { EncounterBanner, type EncounterBannerProps } from './EncounterBanner.tsx';
