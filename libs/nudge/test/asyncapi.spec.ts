import { Parser } from '@asyncapi/parser';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_CLIENT_FRAME_BYTES } from '../src/nudge.gateway';
import { CloseCode } from '../src/socket/close-codes';

const text = readFileSync(resolve(__dirname, '../../../docs/asyncapi.yaml'), 'utf8');

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document', async () => {
    const diagnostics = await new Parser().validate(text);
    // Severity 0 is "error" on the parser's (Spectral's) scale; warnings and hints may stay.
    const errors = diagnostics.filter((diagnostic) => Number(diagnostic.severity) === 0);
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual([]);
  });

  it('documents every close code and limit the server uses', () => {
    for (const code of Object.values(CloseCode)) expect(text).toContain(`\`${code}\``);
    expect(text).toContain(`${MAX_CLIENT_FRAME_BYTES / 1024} KiB`);
    for (const status of ['401', '429', '404', '503']) expect(text).toContain(`**${status}**`);
  });
});
