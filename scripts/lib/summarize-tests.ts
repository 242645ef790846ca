// Prints "N passed, N failed" from vitest's JSON report; a file that failed to load counts as failed.
import { readFileSync } from 'node:fs';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { status: string; assertionResults: unknown[] }[];
}

const file = process.argv[2] ?? 'test-results/vitest.json';
let report: Report;
try {
  report = JSON.parse(readFileSync(file, 'utf8')) as Report;
} catch {
  process.stdout.write('0 passed, 1 failed\n');
  process.exit(1);
}
const brokenFiles = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
const failed = report.numFailedTests + brokenFiles;
process.stdout.write(`${report.numPassedTests} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
