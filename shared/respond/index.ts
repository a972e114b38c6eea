export * from './types';
export * from './shell-quote';
export * from './containment';
export * from './run-playbook';
export * from './playbooks';
export * from './suppression';
export * from './automation';
export * from './guidance';
