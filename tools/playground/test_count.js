#!/usr/bin/env node
/*
 * The counter's self-test: tools/playground/test_count.wat, built and
 * rewritten by instrument.py as the playground's module is, must count the
 * instructions its functions execute, as worked out by hand in the file.
 *
 *   node test_count.js COUNTED.wasm
 */
"use strict";
const fs = require("fs");

async function main() {
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(process.argv[2]));
  const ex = instance.exports;
  const cost = (run) => {
    const before = ex.pg_icount_now();
    run();
    return ex.pg_icount_now() - before;
  };
  const expected = [
    ["sum(0)", () => ex.sum(0), 4],
    ["sum(1)", () => ex.sum(1), 13],
    ["sum(5)", () => ex.sum(5), 49],
    ["pick(1)", () => ex.pick(1), 7],
    ["pick(0)", () => ex.pick(0), 5],
    ["outer(), with two diagnostics", () => ex.outer(), 39],
  ];
  let failed = 0;
  for (const [name, run, want] of expected) {
    const got = cost(run);
    if (got !== want) {
      console.error(`${name}: counted ${got}, expected ${want}`);
      failed++;
    }
  }
  if (failed) {
    process.exit(1);
  }
  console.log(`${expected.length} counts as expected`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
