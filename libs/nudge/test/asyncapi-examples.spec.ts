import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { nudgeMessage } from '../src/nudge';

interface Message {
  payload: object;
  examples?: { name: string; payload: { shared_interests?: string[]; message?: string } }[];
}

const text = readFileSync(resolve(__dirname, '../../../docs/asyncapi.yaml'), 'utf8');

/** Every example of docs/asyncapi.yaml is checked against its message's schema, formats included. */
describe('the examples of docs/asyncapi.yaml', () => {
  let messages: Record<string, Message>;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

  beforeAll(async () => {
    const { document } = await new Parser().parse(text);
    const json: { components: { messages: Record<string, Message> } } = document!.json();
    messages = json.components.messages;
  });

  it('gives every message at least one example', () => {
    for (const [name, message] of Object.entries(messages))
      expect([name, message.examples?.length ?? 0]).not.toEqual([name, 0]);
  });

  it('has examples that conform to their message schema', () => {
    const problems = Object.entries(messages).flatMap(([name, message]) => {
      const validate = ajv.compile(message.payload);
      return (message.examples ?? []).flatMap((example) =>
        validate(example.payload) ? [] : [`${name}/${example.name}: ${ajv.errorsText(validate.errors)}`],
      );
    });
    expect(problems).toEqual([]);
  });

  it('words each nudge example as the server does', () => {
    for (const example of messages.nudge.examples ?? [])
      expect(example.payload.message).toBe(nudgeMessage(example.payload.shared_interests ?? []));
  });

  it('would catch an example that breaks its schema', () => {
    const validate = ajv.compile(messages.nudge.payload);
    const withoutToken: Record<string, unknown> = { ...messages.nudge.examples![0].payload };
    delete withoutToken.token;
    expect(validate(withoutToken)).toBe(false);
  });
});
