// Runs BSI Secvisogram's CSAF 2.0 strict schema test and every mandatory test (6.1.x) over the files
// given on the command line. Prints one JSON object: {file: {isValid, errors: [...]}}. Exit 0 always;
// the Python test judges the result.
import { readFileSync } from 'node:fs'
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js'
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js'
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js'

const tests = [csaf_2_0_strict, ...Object.values(mandatory)]
const out = {}
for (const file of process.argv.slice(2)) {
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  const result = await validateStrict(tests, doc)
  out[file] = {
    isValid: result.isValid,
    errors: result.tests.flatMap((t) => t.errors.map((e) => ({ test: t.name, path: e.instancePath, message: e.message }))),
  }
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n')
