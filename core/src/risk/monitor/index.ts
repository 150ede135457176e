export * from './adverse-moves.ts';
export * from './cascade-reversal.ts';
export * from './position-monitor.ts';
export * from './trailing-stop.ts';
