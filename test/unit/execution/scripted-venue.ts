import type { Order } from '../../../core/src/domain/trading.ts';
import type {
  Balance,
  ExecutionReport,
  OrderRequest,
  SubmitResult,
  VenuePort,
  VenuePosition,
} from '../../../core/src/ports/venue.ts';

/**
 * A venue whose reports the test sends by hand, to play orders of events a live venue may produce and the
 * paper venue never does.
 */
export class ScriptedVenue implements VenuePort {
  readonly venueId = 'scripted';
  readonly submitted: OrderRequest[] = [];
  readonly cancelled: string[] = [];
  private readonly listeners: ((report: ExecutionReport) => void)[] = [];
  private count = 0;

  constructor(private readonly options: { refuseWith?: string } = {}) {}

  submit(request: OrderRequest): SubmitResult {
    if (this.options.refuseWith) {
      return { accepted: false, reasonCode: this.options.refuseWith, message: 'scripted refusal' };
    }
    this.submitted.push(request);
    this.count += 1;
    return { accepted: true, order: orderOf(request, `v-${this.count}`) };
  }

  cancel(orderId: string): boolean {
    this.cancelled.push(orderId);
    return true;
  }

  onExecution(listener: (report: ExecutionReport) => void): void {
    this.listeners.push(listener);
  }

  report(report: ExecutionReport): void {
    for (const listener of this.listeners) listener(report);
  }

  async openOrders(): Promise<readonly Order[]> {
    return [];
  }

  async balances(): Promise<readonly Balance[]> {
    return [];
  }

  async positions(): Promise<readonly VenuePosition[]> {
    return [];
  }
}

function orderOf(request: OrderRequest, orderId: string): Order {
  return {
    orderId,
    clientOrderId: request.clientOrderId,
    instrumentId: request.instrumentId,
    side: request.side,
    type: request.type,
    quantity: request.quantity,
    limitPrice: request.limitPrice,
    timeInForce: request.timeInForce,
    reduceOnly: request.reduceOnly,
    status: 'open',
    filledQuantity: 0,
    createdAt: request.ts,
    purpose: request.purpose,
  };
}
