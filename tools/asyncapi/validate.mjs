// Validates AsyncAPI documents with the official parser (@asyncapi/parser), offline.
// Usage: node validate.mjs FILE...   Exit 0 when every file is valid, 1 otherwise.
// Errors fail; warnings are printed and fail too, so the published document stays clean.
import { Parser, fromFile } from '@asyncapi/parser';

const SEVERITY = ['error', 'warning', 'info', 'hint'];
const parser = new Parser();
let failed = false;
for (const file of process.argv.slice(2)) {
  const { document, diagnostics } = await fromFile(parser, file).parse();
  const serious = diagnostics.filter((d) => d.severity <= 1);
  for (const d of serious) {
    const where = d.path && d.path.length ? d.path.join('.') : '(document)';
    console.error(`${file}: ${SEVERITY[d.severity]}: ${where}: ${d.message} [${d.code}]`);
  }
  if (!document || serious.length) {
    failed = true;
  } else {
    console.log(`${file}: valid AsyncAPI ${document.version()}`);
  }
}
if (process.argv.length < 3) {
  console.error('usage: node validate.mjs FILE...');
  failed = true;
}
process.exit(failed ? 1 : 0);
