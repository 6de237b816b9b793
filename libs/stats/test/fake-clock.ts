import { Clock } from '../src/clock';

export class FakeClock implements Clock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
}
