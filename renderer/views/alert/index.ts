export { AlertDetail } from './AlertDetail';
