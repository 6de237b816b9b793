import { COMMAND_TIMEOUT_MS, RedisBudget, withRedisBudget } from '@sighej/shared';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const BUDGET = Symbol('redisBudget');
type BudgetedResponse = Response & { [BUDGET]?: RedisBudget };

function close(this: BudgetedResponse): void {
  this[BUDGET]?.close();
}

/**
 * Gives each request COMMAND_TIMEOUT_MS for all its Redis work together, from when its body
 * was read: a request answers 503 within the command timeout while Redis stalls, however many
 * operations it makes (see `redisOperation`). What it leaves running after its answer is
 * bounded per operation only.
 */
export function redisBudget(): RequestHandler {
  return (_request: Request, response: BudgetedResponse, next: NextFunction): void => {
    const budget = new RedisBudget(Date.now() + COMMAND_TIMEOUT_MS);
    response[BUDGET] = budget;
    // A shared listener (`on`, not `once`, which wraps each in a new closure): 'close' fires once.
    response.on('close', close);
    withRedisBudget(budget, next);
  };
}
