import { PASS, REJECT, reject, type ExecutionHandler } from '../execution-types.ts';

/** Sanity check (design 2.2.3): the entry's margin (notional / leverage) must fit the free equity. */
export const balanceCheckHandler: ExecutionHandler = {
  name: 'balance_check',
  handle(ctx) {
    const free = ctx.view.equity() - ctx.view.committedMargin();
    const needed = ctx.sizing.margin;
    if (!(ctx.sizing.quantity > 0) || needed > free) {
      return reject(
        this.name,
        REJECT.insufficientBalance,
        `margin ${needed.toFixed(2)} > free ${free.toFixed(2)}`,
      );
    }
    return PASS;
  },
};
