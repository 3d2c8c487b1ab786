export { ImagingStudyCard, type ImagingStudyCardProps } from './ImagingStudyCard.tsx';
