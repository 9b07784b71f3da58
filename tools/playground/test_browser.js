#!/usr/bin/env node
/*
 * The playground page in a real browser: headless Chromium (Debian's), over
 * the DevTools protocol, loading the built documentation from a server on
 * 127.0.0.1 that this test starts and stops.
 *
 *   node test_browser.js HTML_DIR                  the test
 *   node test_browser.js HTML_DIR --screenshots DIR  pictures for the docs' readers
 *
 * In each language it clicks Allocate and blocks, presses the bad-input
 * buttons, steps a trace forward and back with the arrow keys and compares
 * two allocators; after each, the blocks drawn (their offsets, sizes, states
 * and widths) and the TLSF bitmaps shown must be the allocator's own walk
 * and bitmaps, which the test gets by replaying the same calls through the
 * module in Node. Any error in the console, or any exception, fails it.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, serve, THEME_ERRORS } = require("./cdp.js");
const runtime = require("./web/pg-runtime.js");

let failures = 0;
let checks = 0;

function check(ok, what, detail) {
  checks++;
  if (ok) {
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`FAILED - ${what}${detail ? "\n    " + detail : ""}`);
  }
}

/* The allocator's own answers for a script, from the module in Node. */
async function expected(wasm, kind, pool, blk, ops) {
  const pg = await runtime.instantiate(wasm);
  let run = pg.run(`init ${kind} ${pool} ${blk}`, 2);
  for (const op of ops) {
    run = pg.run(op, 2);
  }
  return run.answer;
}

/* What a panel draws: each block's attributes and the width of its pieces. */
const DRAWN = `(() => [...document.querySelectorAll(".kit-pg-panel")].map((panel) => {
  const svg = panel.querySelector(".kit-pg-map svg");
  const blocks = svg ? [...svg.querySelectorAll("g.kit-pg-block")].map((g) => ({
    off: Number(g.dataset.off), size: Number(g.dataset.size), used: Number(g.dataset.used),
    id: g.dataset.id === undefined ? null : Number(g.dataset.id),
    width: [...g.querySelectorAll("rect:not(.kit-pg-edge):not(.kit-pg-touched)")]
      .reduce((w, r) => w + Number(r.getAttribute("width")), 0),
  })) : [];
  const scale = svg ? Number(svg.dataset.scale) : 0;
  const bits = [...panel.querySelectorAll("td.kit-pg-bit[data-f]")].map((td) =>
    [Number(td.dataset.f), Number(td.dataset.s), Number(td.dataset.bit)]);
  const rowBits = [...panel.querySelectorAll("td.kit-pg-bit[data-row]")].map((td) =>
    [Number(td.dataset.row), Number(td.dataset.bit)]);
  const chips = [...panel.querySelectorAll(".kit-pg-list .kit-pg-chip")].map((c) => c.textContent);
  return { kind: panel.dataset.kind, blocks, scale, bits, rowBits, chips,
           call: panel.querySelector(".kit-pg-call").textContent,
           printed: panel.querySelector(".kit-pg-printed").textContent };
}))()`;

function compareDrawn(drawn, answer, what) {
  const st = answer.state;
  const want = st.blocks.map(([off, size, used]) => `${off}:${size}:${used}`).join(" ");
  const got = drawn.blocks.map((b) => `${b.off}:${b.size}:${b.used}`).join(" ");
  check(got === want, `${what}: the blocks drawn are the allocator's walk`,
        `drawn ${got}\n    walk  ${want}`);
  const badWidth = drawn.blocks.filter((b) => Math.abs(b.width - b.size * drawn.scale) > 0.6);
  check(drawn.scale > 0 && badWidth.length === 0, `${what}: every block is drawn to scale`,
        JSON.stringify(badWidth.slice(0, 3)));
  const live = new Map(st.slots.filter((s) => s[3]).map((s) => [s[1], s[0]]));
  const ids = drawn.blocks.filter((b) => b.used).map((b) => {
    const slot = [...live.keys()].find((p) => p > b.off && p < b.off + b.size);
    return b.id === (slot === undefined ? null : live.get(slot));
  });
  check(ids.every(Boolean), `${what}: each block in use carries the number of its pointer`);
  if (st.tlsf) {
    const tl = st.tlsf;
    const wantBits = [];
    for (let f = 0; f < tl.rows; f++) {
      for (let s = 0; s < tl.low[f].length; s++) {
        wantBits.push([f, s, (tl.sl[f] >>> s) & 1]);
      }
    }
    check(JSON.stringify(drawn.bits) === JSON.stringify(wantBits),
          `${what}: the rows' bits shown are the bitmap's`,
          `shown ${JSON.stringify(drawn.bits.filter((b) => b[2]))}\n    slBitmap ${JSON.stringify(tl.sl)}`);
    const wantRows = [];
    for (let f = 0; f < tl.rows; f++) {
      wantRows.push([f, (tl.fl >>> f) & 1]);
    }
    check(JSON.stringify(drawn.rowBits) === JSON.stringify(wantRows),
          `${what}: the rows shown with a block are the bitmap's`,
          `shown ${JSON.stringify(drawn.rowBits)}, flBitmap ${tl.fl}`);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const htmlDir = path.resolve(args[0] || "build/html");
  const shotsAt = args.indexOf("--screenshots");
  const shots = shotsAt >= 0 ? path.resolve(args[shotsAt + 1]) : null;
  const wasm = await runtime.compile(
    Buffer.from(/"wasm":"([^"]+)"/.exec(fs.readFileSync(
      path.join(htmlDir, "en", "_playground", "pg-data.js"), "utf8"))[1], "base64"));
  const server = await serve(htmlDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const errors = [];
  let themeErrors = 0;
  try {
    const page = await browser.newPage();
    const report = (text) => {
      if (THEME_ERRORS.some((re) => re.test(text))) {
        themeErrors++;
      } else {
        errors.push(text);
      }
    };
    page.on("Runtime.exceptionThrown", (e) => report(JSON.stringify(e.exceptionDetails)));
    page.on("Runtime.consoleAPICalled", (e) => {
      if (e.type === "error" || e.type === "assert") {
        report(`console.${e.type}: ` + e.args.map((a) => a.value || a.description).join(" "));
      }
    });
    page.on("Log.entryAdded", (e) => {
      if (e.entry.level === "error") {
        report(`${e.entry.text} ${e.entry.url || ""}`);
      }
    });
    await page.send("Emulation.setDeviceMetricsOverride",
                    { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
    if (shots) {
      await screenshots(page, base, shots);
      return;
    } else {
      for (const lang of ["en", "zh_CN"]) {
        await testLanguage(page, base, lang, wasm);
      }
      await testFromDisk(page, htmlDir, wasm);
      await testOwnTrace(page, base, wasm);
      await testChapterLinks(page, base, htmlDir);
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  if (shots) {
    return;
  }
  check(errors.length === 0, "no error in the console, no exception",
        errors.map((e) => e.slice(0, 400)).join("\n    "));
  if (themeErrors) {
    console.log(`note - ${themeErrors} errors of the theme as Debian packages it, which every page ` +
                "of the documentation has, were set aside (furo.js, a module, refused on a file:// " +
                "page; normalize.css imported from /javascript/)");
  }
  console.log(`${checks - failures} passed, ${failures} failed`);
  process.exit(failures ? 1 : 0);
}

async function open(page, url) {
  await page.goto("about:blank");
  await page.goto(url);
  await page.waitFor("document.getElementById('kit-playground') && " +
                     "document.getElementById('kit-playground').dataset.ready === '1'", 15000);
}

/* Type into a field as a reader would: select what it holds, then type. */
async function typeInto(page, name, text) {
  await page.evaluate(`(() => { const n = document.querySelector("#kit-playground [name=${name}]");
    n.focus(); n.select(); })()`);
  await page.key("Backspace", "Backspace", 8);
  if (text !== "") {
    await page.send("Input.insertText", { text });
  }
  await page.evaluate("document.activeElement.blur()");
}

/* Click the playground's button that reads label. */
async function clickButton(page, label) {
  const found = await page.evaluate(`(() => {
    const b = [...document.querySelectorAll("#kit-playground button")]
      .find((x) => x.textContent === ${JSON.stringify(label)});
    if (b) b.setAttribute("data-test-click", "1");
    return !!b;
  })()`);
  if (!found) {
    throw new Error(`no button "${label}"`);
  }
  await page.click(`#kit-playground button[data-test-click]`);
  await page.evaluate(`document.querySelector("#kit-playground button[data-test-click]")
    .removeAttribute("data-test-click")`);
}

const LABELS = {
  en: { allocate: "Allocate", again: "free a freed block", zero: "size 0", resize: "Resize to size",
        align: "alignment 24", title: "Playground: the allocators at work" },
  zh_CN: { allocate: "分配", again: "再次释放已释放的块", zero: "大小为 0", resize: "调整为该大小",
           align: "对齐为 24", title: "演练场：运行中的分配器" },
};

async function testLanguage(page, base, lang, wasm) {
  const L = LABELS[lang];
  const pool = 4096;
  await open(page, `${base}/${lang}/playground.html#a=tlsf&pool=${pool}`);
  const h1 = await page.evaluate(`document.querySelector("h1").firstChild.textContent.trim()`);
  check(h1 === L.title, `${lang}: the page is in its language`, h1);
  const allocate = await page.evaluate(`[...document.querySelectorAll("#kit-playground button")]
    .some((b) => b.textContent === ${JSON.stringify(L.allocate)})`);
  check(allocate, `${lang}: the playground's labels are in the page's language`);

  /* allocations by clicking, one of them aligned, then a block freed by clicking it */
  for (const [size, align] of [["100", ""], ["200", ""], ["40", "64"], ["300", ""]]) {
    await typeInto(page, "align", align);
    await typeInto(page, "size", size);
    await clickButton(page, L.allocate);
  }
  let ops = await page.evaluate("KitPlayground.ops()");
  check(JSON.stringify(ops) === JSON.stringify(["a 0 100", "a 1 200", "m 2 40 64", "a 3 300"]),
        `${lang}: Allocate made the calls asked for`, JSON.stringify(ops));
  /* the widest piece of the block: a block may run over two rows */
  await page.evaluate(`(() => {
    const rects = [...document.querySelectorAll('.kit-pg-panel g.kit-pg-block[data-id="1"] rect.kit-pg-f-asked')];
    rects.sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width);
    rects[0].setAttribute("data-test-click", "1");
  })()`);
  await page.click(`rect[data-test-click]`);
  await page.waitFor("KitPlayground.ops().length === 5");
  ops = await page.evaluate("KitPlayground.ops()");
  check(ops[4] === "f 1", `${lang}: clicking block #1 freed it`, ops[4]);
  let want = await expected(wasm, "tlsf", pool, 32, ops);
  let drawn = (await page.evaluate(DRAWN))[0];
  compareDrawn(drawn, want, `${lang}, after four allocations and a click`);
  check(drawn.call.includes("LOS_MemFree(pool, pool+" + want.state.slots.find((s) => s[0] === 1)[1] + ")") &&
        drawn.call.includes("LOS_OK"), `${lang}: the call and its answer are shown`, drawn.call);

  /* a resize by its block number */
  await typeInto(page, "id", "0");
  await typeInto(page, "size", "150");
  await clickButton(page, L.resize);
  ops = await page.evaluate("KitPlayground.ops()");
  want = await expected(wasm, "tlsf", pool, 32, ops);
  drawn = (await page.evaluate(DRAWN))[0];
  check(ops[ops.length - 1] === "r 0 150" && drawn.call.includes("LOS_MemRealloc(pool, pool+") &&
        drawn.call.includes(`pool+${want.ret}`), `${lang}: Resize resized block #0`, drawn.call);
  compareDrawn(drawn, want, `${lang}, after a resize`);

  /* bad input: the allocator's own answers, and the page goes on */
  await clickButton(page, L.again);
  ops = await page.evaluate("KitPlayground.ops()");
  drawn = (await page.evaluate(DRAWN))[0];
  check(ops[ops.length - 1] === "f 1" && /LOS_NOK/.test(drawn.call) &&
        /\[ERR\] LOS_MemFree: .*not in use \(a double free\?\)/.test(drawn.printed),
        `${lang}: a double free shows LOS_NOK and the allocator's diagnostic`, drawn.call + drawn.printed);
  await clickButton(page, L.zero);
  drawn = (await page.evaluate(DRAWN))[0];
  check(/LOS_MemAlloc\(pool, 0\) → NULL/.test(drawn.call), `${lang}: size 0 returns NULL`, drawn.call);
  await clickButton(page, L.align);
  drawn = (await page.evaluate(DRAWN))[0];
  check(/LOS_MemAllocAlign\(pool, 64, 24\) → NULL/.test(drawn.call),
        `${lang}: alignment 24 returns NULL`, drawn.call);
  await clickButton(page, L.allocate);
  ops = await page.evaluate("KitPlayground.ops()");
  want = await expected(wasm, "tlsf", pool, 32, ops);
  drawn = (await page.evaluate(DRAWN))[0];
  check(want.ret !== null && drawn.call.includes(`pool+${want.ret}`),
        `${lang}: after bad input the pool still serves a request`, drawn.call);
  compareDrawn(drawn, want, `${lang}, after bad input`);

  /* a trace, stepped with the keys */
  await open(page, `${base}/${lang}/playground.html#a=tlsf&t=holes&pool=12288`);
  await page.evaluate("document.activeElement && document.activeElement.blur()");
  for (let i = 0; i < 30; i++) {
    await page.key("ArrowRight", "ArrowRight", 39);
  }
  for (let i = 0; i < 12; i++) {
    await page.key("ArrowLeft", "ArrowLeft", 37);
  }
  const step = await page.evaluate("KitPlayground.step()");
  check(step === 18, `${lang}: the arrow keys stepped 30 forward and 12 back`, `at step ${step}`);
  const trace = await page.evaluate("KitPlayground.ops()");
  want = await expected(wasm, "tlsf", 12288, 32, trace.slice(0, step));
  drawn = (await page.evaluate(DRAWN))[0];
  compareDrawn(drawn, want, `${lang}, holes trace at step 18`);
  await page.key("End", "End", 35);
  const last = await page.evaluate("KitPlayground.step()");
  want = await expected(wasm, "tlsf", 12288, 32, trace);
  drawn = (await page.evaluate(DRAWN))[0];
  check(last === trace.length, `${lang}: End goes to the last step`, `at ${last} of ${trace.length}`);
  compareDrawn(drawn, want, `${lang}, holes trace at its end`);
  await page.key("Home", "Home", 36);
  check(await page.evaluate("KitPlayground.step()") === 0, `${lang}: Home goes back to the start`);
  await page.key(" ", "Space", 32);
  await new Promise((r) => setTimeout(r, 1300));
  await page.key(" ", "Space", 32);
  const played = await page.evaluate("KitPlayground.step()");
  await new Promise((r) => setTimeout(r, 600));
  check(played >= 3 && played <= 8 && await page.evaluate("KitPlayground.step()") === played,
        `${lang}: the space bar plays (4 calls a second) and pauses`, `played to step ${played}`);

  /* two allocators on one trace, and the membox */
  await open(page, `${base}/${lang}/playground.html#a=best-addr,tlsf&t=fit&pool=2048&s=14`);
  const both = await page.evaluate(DRAWN);
  check(both.length === 2 && both[0].kind === "best-addr" && both[1].kind === "tlsf",
        `${lang}: best fit and TLSF side by side`);
  const fit = (await page.evaluate("KitPlayground.ops()")).slice(0, 14);
  for (const [k, kind] of [[0, "best-addr"], [1, "tlsf"]]) {
    compareDrawn(both[k], await expected(wasm, kind, 2048, 32, fit), `${lang}, ${kind} on the fit trace`);
  }
  const listWant = (await expected(wasm, "best-addr", 2048, 32, fit)).state.freelist.list;
  check(both[0].chips.length === listWant.length &&
        both[0].chips.every((c, i) => c.startsWith(`+${listWant[i]} `)),
        `${lang}: best fit's free list is shown in list order`, both[0].chips.join(" "));
  await open(page, `${base}/${lang}/playground.html#a=membox&pool=512&blk=24&t=membox&s=9`);
  const box = (await page.evaluate(DRAWN))[0];
  const boxOps = (await page.evaluate("KitPlayground.ops()")).slice(0, 9);
  const boxWant = await expected(wasm, "membox", 512, 24, boxOps);
  compareDrawn(box, boxWant, `${lang}, membox`);
  const order = boxWant.state.membox.list.map((o) => String((o - boxWant.state.control) / boxWant.state.stats.blkSize));
  check(JSON.stringify(box.chips) === JSON.stringify(order), `${lang}: the membox's free list in list order`,
        `${box.chips} / ${order}`);
}

async function testFromDisk(page, htmlDir, wasm) {
  const url = "file://" + path.join(htmlDir, "en", "playground.html") + "#a=first-addr&t=split&pool=1024&s=5";
  await open(page, url);
  const drawn = (await page.evaluate(DRAWN))[0];
  const ops = (await page.evaluate("KitPlayground.ops()")).slice(0, 5);
  compareDrawn(drawn, await expected(wasm, "first-addr", 1024, 32, ops), "opened from disk (file://)");
}

/* A trace of the reader's own: pasted, then loaded from a file, then the
 * calls copied back out. */
async function testOwnTrace(page, base, wasm) {
  await open(page, `${base}/en/playground.html#a=next-lifo&pool=2048`);
  await page.evaluate(`document.querySelector("#kit-playground details").open = true`);
  await page.evaluate(`document.querySelector("#kit-playground details textarea").focus()`);
  await page.send("Input.insertText", { text: "# mine\na 1 100\na 2 300\nf 1\nm 3 24 128\n" });
  await clickButton(page, "Use this trace");
  await page.key("End", "End", 35);
  let ops = await page.evaluate("KitPlayground.ops()");
  check(JSON.stringify(ops) === JSON.stringify(["a 1 100", "a 2 300", "f 1", "m 3 24 128"]),
        "a pasted trace is read as its calls", JSON.stringify(ops));
  compareDrawn((await page.evaluate(DRAWN))[0], await expected(wasm, "next-lifo", 2048, 32, ops),
               "a pasted trace, at its end");
  const file = path.join(fs.mkdtempSync(path.join(require("os").tmpdir(), "kit-pg-")), "own.trace");
  fs.writeFileSync(file, "a 7 64\na 8 64\nr 7 200\n");
  const { root } = await page.send("DOM.getDocument", {});
  const { nodeId } = await page.send("DOM.querySelector",
                                     { nodeId: root.nodeId, selector: "#kit-playground input[type=file]" });
  await page.send("DOM.setFileInputFiles", { nodeId, files: [file] });
  await page.waitFor("KitPlayground.steps() === 3");
  ops = await page.evaluate("KitPlayground.ops()");
  check(JSON.stringify(ops) === JSON.stringify(["a 7 64", "a 8 64", "r 7 200"]),
        "a trace loaded from a file is read as its calls", JSON.stringify(ops));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  await page.key("End", "End", 35);
  await clickButton(page, "Copy the calls");
  const copied = await page.evaluate(`document.querySelector("#kit-playground textarea[readonly]").value`);
  check(copied === "a 7 64\na 8 64\nr 7 200\n", "Copy the calls gives the script as a trace",
        JSON.stringify(copied));
}

/* The chapters' and handouts' links to a preset of the playground. */
function presetLinks(htmlDir, lang) {
  const links = [];
  for (const dir of ["stages", "labs"]) {
    for (const file of fs.readdirSync(path.join(htmlDir, lang, dir)).sort()) {
      if (!file.endsWith(".html")) {
        continue;
      }
      const html = fs.readFileSync(path.join(htmlDir, lang, dir, file), "utf8");
      for (const m of html.matchAll(/href="\.\.\/playground\.html(#[^"]+)"/g)) {
        links.push(`${dir}/${file} ${m[1].replace(/&amp;/g, "&")}`);
      }
    }
  }
  return links;
}

async function testChapterLinks(page, base, htmlDir) {
  const en = presetLinks(htmlDir, "en");
  const zh = presetLinks(htmlDir, "zh_CN");
  check(en.length >= 10 && JSON.stringify(en) === JSON.stringify(zh),
        `the chapters and handouts link to ${en.length} presets, the same in both languages`,
        `en ${en.length}, zh_CN ${zh.length}`);
  for (const link of en) {
    const [from, hash] = link.split(" ");
    const params = new URLSearchParams(hash.slice(1));
    await open(page, `${base}/en/playground.html${hash}`);
    const got = await page.evaluate(`({
      kinds: [...document.querySelectorAll(".kit-pg-panel")].map((p) => p.dataset.kind),
      trace: document.getElementById("kit-pg-trace").value,
      steps: KitPlayground.steps(),
    })`);
    check(got.kinds.join(",") === params.get("a") && got.trace === params.get("t") && got.steps > 0,
          `${from}: its link opens ${params.get("a")} on the trace ${params.get("t")}`,
          JSON.stringify(got));
  }
}

/* ------------------------------------------------------------ screenshots */

async function shoot(page, file, width) {
  await page.send("Emulation.setDeviceMetricsOverride",
                  { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
  await page.evaluate("window.dispatchEvent(new Event('resize'))");
  await new Promise((r) => setTimeout(r, 400));
  const box = await page.evaluate(`(() => {
    const a = document.querySelector("h1").getBoundingClientRect();
    const b = document.getElementById("kit-playground").getBoundingClientRect();
    return { x: Math.min(a.left, b.left) - 12, y: a.top + window.scrollY - 12,
             width: Math.max(a.right, b.right) - Math.min(a.left, b.left) + 24,
             height: b.bottom - a.top + 24 };
  })()`);
  const shot = await page.send("Page.captureScreenshot", {
    format: "png", captureBeyondViewport: true,
    clip: { x: Math.max(0, box.x), y: Math.max(0, box.y), width: box.width, height: box.height, scale: 1 },
  });
  fs.writeFileSync(file, Buffer.from(shot.data, "base64"));
  console.log(`wrote ${file}`);
}

async function screenshots(page, base, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const views = [
    ["tlsf", "#a=tlsf&t=classes&pool=2048&s=13", 1280, false],
    ["best-vs-tlsf", "#a=best-addr,tlsf&t=holes&pool=12288&s=160", 1280, false],
    ["tlsf-phone-dark", "#a=tlsf&t=classes&pool=2048&s=13", 390, true],
  ];
  for (const lang of ["en", "zh_CN"]) {
    for (const [name, hash, width, dark] of views) {
      await open(page, `${base}/${lang}/playground.html${hash}`);
      if (dark) {
        await page.evaluate("document.body.dataset.theme = 'dark'");
      }
      await shoot(page, path.join(dir, `playground-${name}.${lang}.png`), width);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
