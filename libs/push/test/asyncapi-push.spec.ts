import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { APNS_PAYLOAD_KEY, APNS_VISIBLE_TEXT } from '../src/senders/apns-sender';
import { FCM_PAYLOAD_KEY } from '../src/senders/fcm-sender';

const text = readFileSync(resolve(__dirname, '../../../docs/asyncapi.yaml'), 'utf8');

describe('docs/asyncapi.yaml on pushes', () => {
  it('documents the payload the senders build', () => {
    expect(text).toContain('pushedNudge:');
    expect(text).toContain(`const: ${APNS_VISIBLE_TEXT}`);
    expect(text).toContain(`\`${APNS_PAYLOAD_KEY}\``);
    expect(text).toContain(`\`data.${FCM_PAYLOAD_KEY}\``);
    expect(text).toContain('aes128gcm');
  });
});
