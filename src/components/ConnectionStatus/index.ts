export {
  CONNECTION_STATUS_LABELS,
  ConnectionStatus,
  type ConnectionStatusProps,
} from './ConnectionStatus.tsx';
