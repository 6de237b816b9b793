import { ServerFrame } from './frames';
import { decode } from './decode';
import { NUDGE_FIELDS, SESSION_ENDED_FIELDS } from './wire-fields';

/** A server frame from the socket's text, or undefined for anything the channel does not define. */
export function parseServerFrame(text: string): ServerFrame | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return decode(value, NUDGE_FIELDS) ?? decode(value, SESSION_ENDED_FIELDS);
}
