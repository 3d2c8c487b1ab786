export { SyncErrorNotice, type SyncErrorNoticeProps } from './SyncErrorNotice.tsx';
