import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ACK_FIELDS,
  CREATE_SESSION_FIELDS,
  FieldSpec,
  MATCH_REQUEST_FIELDS,
  MATCH_RESULT_FIELDS,
  NUDGE_FIELDS,
  SESSION_CREATED_FIELDS,
  SESSION_ENDED_FIELDS,
  TOKEN_ROTATED_FIELDS,
} from '../src/wire-fields';

interface JsonSchema {
  type?: string;
  items?: JsonSchema;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  const?: string;
  enum?: string[];
}

const docs = resolve(__dirname, '../../../docs');
const openapi = JSON.parse(readFileSync(resolve(docs, 'openapi.json'), 'utf8')) as {
  components: { schemas: Record<string, JsonSchema> };
};

/** A document's object schema, in the shape of the client's field tables. */
function fieldsOf(schema: JsonSchema): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const type = property.type === 'array' ? `${property.items?.type}[]` : property.type;
    const values = property.const !== undefined ? [property.const] : property.enum;
    fields[name] = {
      type: type as FieldSpec['type'],
      required: (schema.required ?? []).includes(name),
      ...(values === undefined ? {} : { values }),
    };
  }
  return fields;
}

/** The client's table in the same plain shape (values as plain arrays, for toEqual). */
function plain(table: Record<string, FieldSpec>): Record<string, FieldSpec> {
  return JSON.parse(JSON.stringify(table)) as Record<string, FieldSpec>;
}

describe('the client types and docs/openapi.json', () => {
  it.each([
    ['CreateSessionDto', CREATE_SESSION_FIELDS],
    ['SessionCreatedDto', SESSION_CREATED_FIELDS],
    ['TokenRotatedDto', TOKEN_ROTATED_FIELDS],
    ['MatchRequestDto', MATCH_REQUEST_FIELDS],
    ['MatchResultDto', MATCH_RESULT_FIELDS],
  ] as [string, Record<string, FieldSpec>][])('agree on every field of %s', (name, table) => {
    expect(plain(table)).toEqual(fieldsOf(openapi.components.schemas[name]));
  });
});

describe('the client types and docs/asyncapi.yaml', () => {
  let messages: Record<string, { payload: JsonSchema }>;
  beforeAll(async () => {
    const text = readFileSync(resolve(docs, 'asyncapi.yaml'), 'utf8');
    const { document } = await new Parser().parse(text);
    const json: unknown = document!.json();
    messages = (json as { components: { messages: typeof messages } }).components.messages;
  });

  it.each([
    ['nudge', NUDGE_FIELDS],
    ['sessionEnded', SESSION_ENDED_FIELDS],
    ['ack', ACK_FIELDS],
  ] as [string, Record<string, FieldSpec>][])('agree on every field of the %s message', (name, table) => {
    expect(plain(table)).toEqual(fieldsOf(messages[name].payload));
  });
});
