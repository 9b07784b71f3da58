/*
 * Headless Chromium, driven through the DevTools protocol over a pipe
 * (--remote-debugging-pipe): no debugging port is opened and nothing but
 * Node's own modules is needed. The playground's test and the documentation's
 * page check (tools/docs/test_pages.js) both use it.
 *
 *   const server = await serve(htmlDir);     the built pages, on 127.0.0.1
 *   const browser = await launch();
 *   const page = await browser.newPage();
 *   await page.send("Page.navigate", { url });
 *   ...
 *   await browser.close();
 *   server.close();
 */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");

const CHROMIUM = process.env.KIT_CHROMIUM || "/usr/bin/chromium";

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kit-pg-chromium-"));
  const child = spawn(CHROMIUM, [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--disable-dev-shm-usage",
    "--remote-debugging-pipe", `--user-data-dir=${profile}`, "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const toBrowser = child.stdio[3];
  const fromBrowser = child.stdio[4];
  let buffer = "";
  let nextId = 0;
  const pending = new Map();
  const listeners = [];
  fromBrowser.on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\0")) >= 0) {
      const message = JSON.parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined && pending.has(message.id)) {
        const { resolve, reject, method } = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) {
          reject(new Error(`${method}: ${message.error.message}`));
        } else {
          resolve(message.result);
        }
      } else if (message.method) {
        for (const listener of listeners) {
          listener(message);
        }
      }
    }
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.on("exit", () => {
    for (const { reject, method } of pending.values()) {
      reject(new Error(`${method}: Chromium exited\n${stderr.slice(-2000)}`));
    }
    pending.clear();
  });

  function send(method, params, sessionId) {
    return new Promise((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve, reject, method });
      const message = { id, method, params: params || {} };
      if (sessionId) {
        message.sessionId = sessionId;
      }
      toBrowser.write(JSON.stringify(message) + "\0");
    });
  }

  async function newPage() {
    const { targetId } = await send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
    const page = {
      sessionId,
      send: (method, params) => send(method, params, sessionId),
      on(method, handler) {
        listeners.push((m) => {
          if (m.sessionId === sessionId && m.method === method) {
            handler(m.params);
          }
        });
      },
      async evaluate(expression) {
        const r = await page.send("Runtime.evaluate", { expression, returnByValue: true,
                                                         awaitPromise: true });
        if (r.exceptionDetails) {
          throw new Error(`evaluate ${expression}: ${JSON.stringify(r.exceptionDetails)}`);
        }
        return r.result.value;
      },
      async waitFor(expression, timeoutMs) {
        const until = Date.now() + (timeoutMs || 10000);
        for (;;) {
          if (await page.evaluate(expression)) {
            return;
          }
          if (Date.now() > until) {
            throw new Error(`timed out waiting for ${expression}`);
          }
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async goto(url) {
        await page.send("Page.navigate", { url });
        await page.waitFor("document.readyState === 'complete'");
      },
      async click(selector) {
        const box = await page.evaluate(`(() => {
          const n = document.querySelector(${JSON.stringify(selector)});
          if (!n) return null;
          n.scrollIntoView({ block: "center", behavior: "instant" });
          const r = n.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        })()`);
        if (!box) {
          throw new Error(`nothing to click: ${selector}`);
        }
        for (const type of ["mousePressed", "mouseReleased"]) {
          await page.send("Input.dispatchMouseEvent",
                          { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
        }
      },
      async key(key, code, keyCode) {
        for (const type of ["keyDown", "keyUp"]) {
          await page.send("Input.dispatchKeyEvent",
                          { type, key, code, windowsVirtualKeyCode: keyCode });
        }
      },
    };
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Log.enable");
    return page;
  }

  async function close() {
    try {
      await Promise.race([send("Browser.close"), new Promise((r) => setTimeout(r, 3000))]);
    } catch (err) {
      /* it may be gone already */
    }
    if (child.exitCode === null) {
      child.kill("SIGKILL");
    }
    await exited;
    /* the browser's child processes may still be writing for a moment */
    for (let tries = 0; ; tries++) {
      try {
        fs.rmSync(profile, { recursive: true, force: true });
        break;
      } catch (err) {
        if (tries === 20) {
          throw err;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  return { send, newPage, close };
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
  ".json": "application/json", ".woff2": "font/woff2", ".txt": "text/plain",
};

/* Errors of the documentation's theme as Debian packages it: its stylesheet
 * imports /javascript/normalize.css from Debian's web server layout; its
 * script is an ES module (conf.py loads it as one), which a browser refuses
 * to load from a file:// page; and where it is loaded as a classic script
 * it cannot import. Anything else fails the test. */
const THEME_ERRORS = [
  /_static\/scripts\/furo\.js.*Cannot use import statement outside a module|Cannot use import statement outside a module.*_static\/scripts\/furo\.js/,
  /Access to script at 'file:[^']*_static\/scripts\/furo\.js' from origin 'null' has been blocked by CORS policy/,
  /net::ERR_FAILED file:\S*_static\/scripts\/furo\.js/,
  /\/javascript\/normalize\.css\/normalize\.css/,
];

function serve(rootDir) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split(/[?#]/)[0]);
    if (url === "/favicon.ico") { /* the browser asks for it on its own */
      res.writeHead(204);
      res.end();
      return;
    }
    const file = path.join(rootDir, path.normalize(url).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(rootDir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

module.exports = { launch, serve, THEME_ERRORS };
