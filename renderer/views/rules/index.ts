// Rules: suppression rules, automation rules and the playbook editor.
export { RulesPage } from './RulesPage';
export { SuppressionRuleDialog } from './SuppressionRuleDialog';
export { AutomationRuleDialog } from './AutomationRuleDialog';
export { PlaybookDialog } from './PlaybookDialog';
