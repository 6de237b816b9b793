import { describeValidInputShortcut } from '../../../test/support/validation-outcome';
import { MatchRequestDto } from '../src/dto/match-request.dto';

const OWN = 'q8Yb0XcT2nLrV5wKd3Hs1A';
const DETECTED = 'Zr4mP9eJx7TqW2bNc6Ug0F';

describe('MatchRequestDto validation', () => {
  describeValidInputShortcut(MatchRequestDto, { own_token: OWN, detected_token: DETECTED }, [
    ['the fields in the other order', { detected_token: DETECTED, own_token: OWN }],
    ['an extra field', { own_token: OWN, detected_token: DETECTED, rssi: -60 }],
    ['a missing field', { own_token: OWN }],
    ['no fields', {}],
    ['a number for a token', { own_token: OWN, detected_token: 42 }],
    ['a short token', { own_token: OWN, detected_token: DETECTED.slice(1) }],
    ['a token with a padding character', { own_token: OWN, detected_token: `${DETECTED.slice(1)}=` }],
    ['a token with a trailing newline', { own_token: OWN, detected_token: `${DETECTED}\n` }],
    ['an array of tokens', { own_token: [OWN], detected_token: DETECTED }],
    ['an undefined field', { own_token: OWN, detected_token: DETECTED, extra: undefined }],
    ['null', null],
    ['an array', [OWN, DETECTED]],
    ['a string', OWN],
    ['an object with a prototype field', JSON.parse(`{"own_token":"${OWN}","__proto__":{"x":1}}`)],
    ['a class instance', Object.assign(new Date(), { own_token: OWN, detected_token: DETECTED })],
  ]);
});
