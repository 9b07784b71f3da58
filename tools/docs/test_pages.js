#!/usr/bin/env node
/*
 * The documentation as its readers see it: key pages of both builds in
 * headless Chromium (Debian's), through the playground's driver
 * (tools/playground/cdp.js), served from 127.0.0.1.
 *
 *   node test_pages.js HTML_DIR                    the check (make docs-browser)
 *   node test_pages.js HTML_DIR --screenshots DIR  pictures of the stage-3 and
 *                                                  stage-4 pages (make docs-screenshots)
 *
 * For each page, in each language:
 *   - at 420 px (a phone) nothing but code blocks, tables and pictures (which
 *     scroll in their own frames) is wider than the page;
 *   - in the light and in the dark theme, every picture is there, has drawn
 *     something (not one flat colour), sits on an opaque ground, and its
 *     smallest text is at least 11 px as rendered; at 1400 px each picture
 *     fits the column without scrolling;
 *   - the language switch opens the same page in the other language;
 * and the searches a reader makes: each Chinese term of the kit finds every
 * page that has it, the status line is in Chinese, and the English search
 * lists the glossary once.
 * Prints "ok - ..." or "FAILED - ..." per check, and exits non-zero on a failure.
 */
"use strict";
const fs = require("fs");
const path = require("path");
const { launch, serve, THEME_ERRORS } = require("../playground/cdp.js");

const PAGES = [
  "index", "concepts", "stages/stage1-membox", "stages/stage2-freelist", "stages/stage3-tlsf",
  "stages/scheduler", "stages/stage4-kheap", "stages/stage5-kmalloc", "labs/lab1", "labs/lab3",
  "performance", "hardening", "glossary",
];
const LANGS = { en: "zh_CN", zh_CN: "en" };
const MIN_TEXT_PX = 11;

let failures = 0;
function check(ok, what, detail) {
  if (ok) {
    console.log(`ok - ${what}`);
  } else {
    failures++;
    console.log(`FAILED - ${what}${detail ? "\n    " + detail : ""}`);
  }
}

async function setView(page, width, dark) {
  await page.send("Emulation.setDeviceMetricsOverride",
                  { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 });
  await page.send("Emulation.setEmulatedMedia", {
    features: [{ name: "prefers-color-scheme", value: dark ? "dark" : "light" }],
  });
}

async function open(page, url, dark) {
  await page.goto("about:blank");
  await page.goto(url);
  /* No choice made with the theme's toggle: the page follows the system. */
  await page.evaluate(`localStorage.removeItem("theme"); document.body.dataset.theme = "auto"`);
  const ground = await page.evaluate("getComputedStyle(document.body).backgroundColor");
  const [r, g, b] = ground.match(/\d+/g).map(Number);
  if ((r + g + b < 200) !== dark) {
    check(false, `${url}: the page follows the system's ${dark ? "dark" : "light"} setting`, ground);
  }
  await page.waitFor("[...document.images].every((i) => i.complete)", 15000);
}

/* What overflows a phone's width, outside the frames that scroll. */
const OVERFLOW = `(() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return [];
  const scrolls = "pre, table, .highlight, .table-wrapper, .kit-picture, .kit-scroll";
  return [...document.querySelectorAll("body *")].filter((n) => {
    const r = n.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !n.closest(scrolls) &&
      getComputedStyle(n).position !== "fixed" && !n.closest(".sidebar-drawer, .toc-drawer");
  }).slice(0, 5).map((n) => n.tagName.toLowerCase() + (n.className ? "." + n.className : "") +
                          " " + Math.round(n.getBoundingClientRect().right) + "px");
})()`;

/* Every picture of the page: drawn, on an opaque ground, its text size. */
const PICTURES = `(async () => {
  const out = [];
  for (const img of document.querySelectorAll(".kit-picture img, figure img, div.graphviz object")) {
    const r = img.getBoundingClientRect();
    const frame = img.closest(".kit-picture");
    const item = { src: (img.getAttribute("src") || img.getAttribute("data") || "").split("/").pop(),
                   tag: img.tagName, width: r.width, height: r.height,
                   natural: img.naturalWidth || 0, alt: img.getAttribute("alt") || "",
                   ratio: parseFloat(img.dataset.kitText || "0"),
                   ground: getComputedStyle(img).backgroundColor,
                   scrolls: frame ? frame.scrollWidth > frame.clientWidth + 1 : false };
    try {
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(r.width));
      canvas.height = Math.max(1, Math.round(r.height));
      const g = canvas.getContext("2d");
      g.drawImage(img, 0, 0, canvas.width, canvas.height);
      const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      for (let i = 0; i < data.length && colours.size < 3; i += 4 * 7) {
        colours.add(data[i] + "," + data[i + 1] + "," + data[i + 2] + "," + data[i + 3]);
      }
      item.colours = colours.size;
    } catch (err) {
      item.colours = -1;
      item.error = String(err);
    }
    out.push(item);
  }
  return out;
})()`;

async function checkPage(page, base, lang, name) {
  const url = `${base}/${lang}/${name}.html`;
  /* A phone: nothing wider than the page but the frames that scroll. */
  await setView(page, 420, false);
  await open(page, url, false);
  const over = await page.evaluate(OVERFLOW);
  check(over.length === 0, `${lang}/${name}: nothing overflows at 420 px`, over.join(", "));

  for (const dark of [false, true]) {
    for (const width of [1400, 420]) {
      await setView(page, width, dark);
      await open(page, url, dark);
      const pics = await page.evaluate(PICTURES);
      const theme = dark ? "dark" : "light";
      for (const p of pics) {
        const where = `${lang}/${name} ${theme} ${width}px: ${p.src}`;
        const bad = [];
        if (p.tag !== "IMG") bad.push(`an <${p.tag.toLowerCase()}>, not a linked image`);
        if (!(p.width > 0 && p.height > 0 && p.natural > 0)) bad.push(`not drawn (${p.width}x${p.height})`);
        if (p.colours < 2) bad.push(`empty (${p.colours} colour${p.error ? ", " + p.error : ""})`);
        if (!/^rgb\(255, 255, 255\)$/.test(p.ground)) bad.push(`ground ${p.ground}, not opaque white`);
        if (!(p.ratio > 0)) bad.push("no text floor (data-kit-text)");
        else if (p.width * p.ratio < MIN_TEXT_PX - 0.05) bad.push(`smallest text ${(p.width * p.ratio).toFixed(1)} px`);
        if (width === 1400 && p.scrolls) bad.push("wider than the column at 1400 px");
        if (!p.alt || /\.svg$/.test(p.alt)) bad.push(`alt text "${p.alt}"`);
        check(bad.length === 0, `${where}: shown, legible, opaque, described`, bad.join("; "));
      }
      if (/^stages\/|^performance$/.test(name)) {
        check(pics.length > 0, `${lang}/${name} ${theme} ${width}px: its pictures are on the page`,
              `${pics.length} found`);
      }
    }
  }

  /* Text pictures with Chinese labels line up: in a code block, a Chinese
   * character is exactly two columns of the code font. */
  if (lang === "zh_CN") {
    const widths = await page.evaluate(`(() => {
      const pre = [...document.querySelectorAll("pre")].find((p) => /[\\u4e00-\\u9fff]/.test(p.textContent) && /[+|]-/.test(p.textContent));
      if (!pre) return null;
      const s = document.createElement("span");
      pre.appendChild(s);
      s.textContent = "内存块"; const cjk = s.getBoundingClientRect().width;
      s.textContent = "abcdef"; const ascii = s.getBoundingClientRect().width;
      s.remove();
      return { cjk, ascii };
    })()`);
    if (widths) {
      check(Math.abs(widths.cjk - widths.ascii) < 0.5, `${lang}/${name}: a Chinese character is two columns in a text picture`,
            JSON.stringify(widths));
    }
  }

  /* The language switch lands on the same page. */
  await setView(page, 1400, false);
  await open(page, url, false);
  const href = await page.evaluate(`(() => { const a = document.querySelector(".kit-language-link");
    return a ? a.href : null; })()`);
  const other = LANGS[lang];
  check(href === `${base}/${other}/${name}.html`, `${lang}/${name}: the language switch opens ${other}/${name}`,
        String(href));
  if (href) {
    await page.goto(href);
    const there = await page.evaluate("location.pathname + ' ' + document.documentElement.lang");
    check(there === `/${other}/${name}.html ${other.replace("_", "-")}`,
          `${lang}/${name}: the other language's page loads`, there);
  }
}

/* The searches readers make: each Chinese term finds every page whose text
 * has it; the English glossary is listed once; the status line is in the
 * page's language. */
const ZH_SEARCHES = ["调度器", "最佳适配", "大小类别", "首次适配", "两级分离适配", "间隙记录",
                     "最坏情况执行时间", "已占用标记"];

async function search(page, base, lang, query) {
  await page.goto(`${base}/${lang}/search.html?q=${encodeURIComponent(query)}`);
  await page.waitFor("document.querySelector('#search-results p.search-summary') !== null && " +
                     "!document.querySelector('#search-results p.search-summary').textContent.includes('...')",
                     15000);
  await new Promise((r) => setTimeout(r, 200));
  return page.evaluate(`({
    found: [...document.querySelectorAll("#search-results li a")].map((a) => a.getAttribute("href")),
    status: document.querySelector("#search-results p.search-summary").textContent })`);
}

async function checkSearch(page, base) {
  await setView(page, 1400, false);
  await page.goto(`${base}/zh_CN/search.html`);
  await page.waitFor("typeof Search !== 'undefined' && Search._index", 15000);
  const holding = await page.evaluate(`(async () => {
    const words = ${JSON.stringify(ZH_SEARCHES)};
    const out = Object.fromEntries(words.map((w) => [w, []]));
    for (const name of Search._index ? Search._index.docnames : []) {
      const html = await (await fetch(name + ".html")).text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      const text = (doc.querySelector("article") || doc.body).textContent;
      for (const w of words) if (text.includes(w)) out[w].push(name + ".html");
    }
    return out;
  })()`);
  for (const word of ZH_SEARCHES) {
    const { found, status } = await search(page, base, "zh_CN", word);
    const pages = new Set(found.map((h) => h.split("#")[0]));
    const missed = holding[word].filter((p) => !pages.has(p));
    check(holding[word].length > 0 && missed.length === 0,
          `zh_CN search ${word}: finds the ${holding[word].length} pages that have it`,
          `found ${[...pages].join(", ")}; missed ${missed.join(", ")}`);
    check(/搜索完成|没有匹配/.test(status) && !/Search finished/.test(status),
          `zh_CN search ${word}: the status line is in Chinese`, status);
  }
  const { found } = await search(page, base, "en", "memory pool");
  const glossary = found.filter((h) => h.split("#")[0] === "glossary.html");
  check(glossary.length === 1, "en search memory pool: the glossary is listed once", found.join(", "));
}

async function shoot(page, base, dir) {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of ["stages/stage3-tlsf", "stages/stage4-kheap"]) {
    for (const lang of Object.keys(LANGS)) {
      for (const dark of [false, true]) {
        for (const width of [1400, 420]) {
          await setView(page, width, dark);
          await open(page, `${base}/${lang}/${name}.html`, dark);
          const count = await page.evaluate("document.querySelectorAll('figure').length");
          for (let i = 0; i < count; i++) {
            const box = await page.evaluate(`(() => {
              const f = document.querySelectorAll("figure")[${i}];
              const r = f.getBoundingClientRect();
              window.scrollTo(0, r.top + window.scrollY - 80);
              return { y: r.top + window.scrollY, height: r.height };
            })()`);
            const shot = await page.send("Page.captureScreenshot", {
              format: "png", captureBeyondViewport: true,
              clip: { x: 0, y: Math.max(0, box.y - 80), width, height: Math.min(box.height + 160, 2400),
                      scale: 1 },
            });
            const file = path.join(dir, `${path.basename(name)}.${lang}.${dark ? "dark" : "light"}.${width}.fig${i + 1}.png`);
            fs.writeFileSync(file, Buffer.from(shot.data, "base64"));
            console.log(`wrote ${file}`);
          }
        }
      }
    }
  }
}

async function main() {
  const args = process.argv.slice(2);
  const htmlDir = path.resolve(args[0] || "build/html");
  const shotsAt = args.indexOf("--screenshots");
  const server = await serve(htmlDir);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on("Runtime.exceptionThrown", (p) => errors.push(p.exceptionDetails.exception
    ? p.exceptionDetails.exception.description : p.exceptionDetails.text));
  page.on("Log.entryAdded", (p) => {
    if (p.entry.level === "error") errors.push(`${p.entry.text} ${p.entry.url || ""}`);
  });
  try {
    if (shotsAt >= 0) {
      await shoot(page, base, path.resolve(args[shotsAt + 1] || "build/screenshots"));
    } else {
      await checkSearch(page, base);
      for (const lang of Object.keys(LANGS)) {
        for (const name of PAGES) {
          await checkPage(page, base, lang, name);
        }
      }
      const real = errors.filter((e) => !THEME_ERRORS.some((re) => re.test(e)));
      check(real.length === 0, "no errors in the console", real.slice(0, 5).join("\n    "));
    }
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
  if (shotsAt < 0) {
    console.log(failures ? `${failures} failed` : "all passed");
  }
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
