/** Alerts: rules evaluated on every folded tick and on the feed's state (see alert-evaluator.ts). */
export { AlertEvaluator } from './alert-evaluator';
