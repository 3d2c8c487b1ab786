export { PatientBanner, type PatientBannerProps } from './PatientBanner.tsx';
