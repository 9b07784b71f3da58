#!/usr/bin/env node
/*
 * Same code, same answers: one script of commands through the playground's
 * WebAssembly module (in Node, through the page's own runtime) and through
 * the host build of the same glue (gcc -m32, a 32-bit machine like wasm32
 * and the Cortex-M3). After every command both must give the same answer:
 * the call made, its return value as an offset from the pool, the
 * diagnostic printed, the statistics, the walk of the blocks, the free
 * lists and bitmaps. Only the pool's absolute address may differ, so
 * pointers in printed text are compared as offsets from the pool.
 *
 *   node test_equiv.js HOST_PROGRAM MODULE.wasm TRACE...
 *
 * Every allocator replays every trace, then a list of bad inputs. The
 * traces of up to FULL calls are compared on everything after each call;
 * the longer ones (the benchmark's, of 2000 calls) on the call, its answer
 * and the pool's figures after each call, which keeps the test's output to
 * a few megabytes. Exits 1 at the first disagreement, naming the command
 * and both answers.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const runtime = require(path.join(__dirname, "web", "pg-runtime.js"));

const ALLOCATORS = ["membox", "first-addr", "first-lifo", "next-addr", "next-lifo",
                    "best-addr", "best-lifo", "tlsf"];
const POOL = 12288;
const FULL = 1000;

function traceOps(file) {
  return fs.readFileSync(file, "utf8").split("\n")
    .map((line) => line.replace(/#.*/, "").trim()).filter((line) => line !== "");
}

function largestRequest(ops) {
  return Math.max(8, ...ops.map((op) => op.split(/\s+/)).filter((w) => w[0] !== "f")
    .map((w) => Number(w[2])).filter((n) => n < 65536));
}

/* Requests and pointers that each allocator must refuse in the same way. */
const BAD = [
  "a 900 0", "a 901 4294967295", "a 902 4294967296", "m 903 64 24", "m 904 64 0",
  "m 905 64 65536", "a 906 100", "m 907 100 4096", "m 908 10 16", "r 906 0", "f 906",
  "f 906", "r 906 50", "x 0", "x 1", "x 12", "x 262144", "x 262145", "f 4095", "f 4096",
  "a -1 5", "a 1 1e3", "bogus", "", "show", "check", "init nothing 100", "init tlsf 262145",
];

function script(traces, detail) {
  const lines = [];
  for (const kind of ALLOCATORS) {
    for (const file of traces) {
      const ops = traceOps(file);
      if ((ops.length <= FULL) === (detail === 2)) {
        lines.push(`init ${kind} ${POOL} ${largestRequest(ops)}`, ...ops, "check");
      }
    }
    if (detail === 2) {
      lines.push(`init ${kind} ${POOL} 64`, ...BAD);
      lines.push(`init ${kind} 8`, "a 1 8", `init ${kind} 0`, "f 1");
    }
  }
  return lines;
}

/* Pointers printed in hexadecimal, near the pool, become offsets from it;
 * other numbers (bitmaps) stay as they are. */
const NEAR = 1 << 20;

function relative(text, base) {
  return text.replace(/\(nil\)|0x[0-9a-f]+/g, (word) => {
    const value = word === "(nil)" ? 0 : parseInt(word, 16);
    if (value === 0) {
      return "NULL";
    }
    if (Math.abs(value - base) > NEAR) {
      return word;
    }
    return `pool${value - base >= 0 ? "+" : ""}${value - base}`;
  });
}

function normalise(printed, answerLine, base) {
  const answer = JSON.parse(answerLine);
  if (answer.state) {
    base = answer.state.base;
    delete answer.state.base;
  }
  return { text: relative(printed, base) + JSON.stringify(answer), base };
}

/* Run the lines through both; exit at the first answer that differs.
 * Returns how many calls the module counted. */
async function compare(hostProgram, module, lines, detail) {
  const host = spawnSync(hostProgram, [String(detail)], { input: lines.join("\n") + "\n",
                                                          maxBuffer: 1 << 30, encoding: "utf8" });
  if (host.status !== 0) {
    console.error(`${hostProgram} failed: ${host.stderr}`);
    process.exit(1);
  }
  /* The host's answers: each a JSON line, after what the allocator printed. */
  const hostAnswers = [];
  let printed = "";
  for (const line of host.stdout.split("\n")) {
    if (line.startsWith("{")) {
      hostAnswers.push({ printed, line });
      printed = "";
    } else if (line !== "" || printed !== "") {
      printed += line + "\n";
    }
  }
  const pg = await runtime.instantiate(module);
  let hostBase = 0;
  let wasmBase = 0;
  let counted = 0;
  for (let i = 0; i < lines.length; i++) {
    const run = pg.run(lines[i], detail);
    const wasm = normalise(run.printed, JSON.stringify(run.answer), wasmBase);
    wasmBase = wasm.base;
    if (i >= hostAnswers.length) {
      console.error(`the host answered ${hostAnswers.length} commands of ${lines.length}`);
      process.exit(1);
    }
    const theirs = normalise(hostAnswers[i].printed, hostAnswers[i].line, hostBase);
    hostBase = theirs.base;
    if (wasm.text !== theirs.text) {
      console.error(`command ${i + 1} (detail ${detail}), "${lines[i]}": ` +
                    "the module and the host disagree");
      console.error(`module: ${wasm.text.slice(0, 2000)}`);
      console.error(`host:   ${theirs.text.slice(0, 2000)}`);
      process.exit(1);
    }
    counted += run.cost !== null && run.cost > 0 ? 1 : 0;
  }
  return counted;
}

async function main() {
  const [hostProgram, wasmFile, ...traces] = process.argv.slice(2);
  if (!hostProgram || !wasmFile || traces.length === 0) {
    console.error("usage: test_equiv.js HOST_PROGRAM MODULE.wasm TRACE...");
    process.exit(2);
  }
  const module = await runtime.compile(fs.readFileSync(wasmFile));
  let total = 0;
  let counted = 0;
  for (const detail of [2, 1]) {
    const lines = script(traces, detail);
    const result = await compare(hostProgram, module, lines, detail);
    total += lines.length;
    counted += result;
  }
  if (counted === 0) {
    console.error("no call was counted: the module was built without its counter");
    process.exit(1);
  }
  console.log(`${total} commands on ${ALLOCATORS.length} allocators: the same answers ` +
              `from the module and the host (${counted} calls counted)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
