export { EventLog, type EventLogProps } from './EventLog.tsx';
