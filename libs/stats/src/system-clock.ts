import { Injectable } from '@nestjs/common';
import { Clock } from './clock';

@Injectable()
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }
}
