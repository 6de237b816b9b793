import { describeValidInputShortcut } from '../../../test/support/validation-outcome';
import { CreateSessionDto } from '../src/dto/create-session.dto';

const twenty = Array.from({ length: 20 }, (_, i) => `interest ${i}`);

describe('CreateSessionDto validation', () => {
  describeValidInputShortcut(CreateSessionDto, { interests: ['devops', 'hardstyle', 'philosophy'] }, [
    ['twenty interests of 50 characters', { interests: twenty.map((i) => i.padEnd(50, 'x')) }],
    ['twenty-one interests', { interests: [...twenty, 'one more'] }],
    ['no interests', { interests: [] }],
    ['an empty interest', { interests: ['music', ''] }],
    ['a blank interest', { interests: ['music', ' \t '] }],
    ['an interest with inner white space', { interests: [' indie pop '] }],
    ['an interest of 51 characters', { interests: ['x'.repeat(51)] }],
    ['50 characters and a surrogate pair', { interests: [`${'x'.repeat(50)}🎸`] }],
    ['49 characters and a surrogate pair', { interests: [`${'x'.repeat(49)}🎸`] }],
    ['a variation selector past 50 code units', { interests: [`${'x'.repeat(49)}\u2764\uFE0F`] }],
    ['a lone surrogate', { interests: ['music\uD800'] }],
    ['a number among the interests', { interests: ['music', 7] }],
    ['a string for the list', { interests: 'music' }],
    ['a ble_token', { interests: ['music'], ble_token: 'q8Yb0XcT2nLrV5wKd3Hs1A' }],
    ['an undefined ble_token', { interests: ['music'], ble_token: undefined }],
    ['an extra field', { interests: ['music'], name: 'x' }],
    ['no fields', {}],
    ['null', null],
    ['a nested list', { interests: [['music']] }],
    ['an object with a prototype field', JSON.parse('{"interests":["music"],"__proto__":{"x":1}}')],
  ]);
});
