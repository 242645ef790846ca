// Writes docs/errors.md from the error table (run after adding a code: node scripts/gen-errors-doc.ts).
import { writeFileSync } from 'node:fs';
import { ERRORS } from '../server/src/errors.ts';

const rows = Object.entries(ERRORS)
  .sort(([, a], [, b]) => a.status - b.status)
  .map(([code, { status, message }]) => `| \`${code}\` | ${status} | ${message} |`);
const text = `# Error codes

Every error the API answers is \`{"error": {"code": "...", "message": "...", "details"?: ...}}\`.
This table is generated from \`server/src/errors.ts\` by \`node scripts/gen-errors-doc.ts\`; a test fails
when a code is missing here.

| code | status | default message |
| --- | --- | --- |
${rows.join('\n')}
`;
writeFileSync(new URL('../docs/errors.md', import.meta.url), text);
