export { EntityPane, entityNotesTarget } from './EntityPane';
