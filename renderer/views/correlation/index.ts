export { CorrelationSettingsSection } from './CorrelationSettings';
