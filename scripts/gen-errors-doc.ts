// Writes docs/errors.md from the error table (run after adding a code: node scripts/gen-errors-doc.ts).
import { writeFileSync } from 'node:fs';
import { ERRORS } from '../server/src/errors.ts';

const header = ['code', 'status', 'default message'];
const body = Object.entries(ERRORS)
  .sort(([, a], [, b]) => a.status - b.status)
  .map(([code, { status, message }]) => [`\`${code}\``, String(status), message]);
// Columns padded to their widest cell, as a Markdown formatter would leave the table.
const widths = header.map((title, i) => Math.max(title.length, ...body.map((cells) => cells[i]?.length ?? 0)));
const row = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
const rows = [row(header), row(widths.map((w) => '-'.repeat(w))), ...body.map(row)];
const text = `# Error codes

Every error the API answers is \`{"error": {"code": "...", "message": "...", "details"?: ...}}\`.
This table is generated from \`server/src/errors.ts\` by \`node scripts/gen-errors-doc.ts\`; a test fails
when a code is missing here.

${rows.join('\n')}
`;
writeFileSync(new URL('../docs/errors.md', import.meta.url), text);
