/*
 * The playground's runtime: the kit's allocators, compiled to WebAssembly,
 * with the little of WASI they use (writing to stdout and stderr), in the
 * browser and in Node alike.
 *
 *   const module = await KitPgRuntime.compile(bytes);
 *   const pg = await KitPgRuntime.instantiate(module);
 *   const { answer, printed, cost } = pg.run("a 1 100", 2);
 *
 * answer is the glue's JSON (tools/playground/pg.c), printed what the
 * allocator wrote while it ran, cost the WebAssembly instructions the
 * allocator's own call executed (null when no allocator function ran).
 * Each instance has its own memory, so its own pool.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.KitPgRuntime = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const ERRNO_SUCCESS = 0;
  const ERRNO_BADF = 8;
  const ERRNO_NOSYS = 52;
  const FILETYPE_CHARACTER_DEVICE = 2;

  function decodeBase64(text) {
    if (typeof Buffer !== "undefined") {
      return new Uint8Array(Buffer.from(text, "base64"));
    }
    const raw = atob(text);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  /* The WASI calls the module imports. Anything else it might import
   * answers ENOSYS, so a module that asks for more still loads. */
  function wasiImports(state) {
    const view = () => new DataView(state.memory.buffer);
    const calls = {
      fd_write(fd, iovs, iovsLen, nwritten) {
        if (fd !== 1 && fd !== 2) {
          return ERRNO_BADF;
        }
        const dv = view();
        let total = 0;
        for (let i = 0; i < iovsLen; i++) {
          const ptr = dv.getUint32(iovs + 8 * i, true);
          const len = dv.getUint32(iovs + 8 * i + 4, true);
          state.printed += state.decoder.decode(new Uint8Array(state.memory.buffer, ptr, len),
                                                { stream: true });
          total += len;
        }
        dv.setUint32(nwritten, total, true);
        return ERRNO_SUCCESS;
      },
      fd_fdstat_get(fd, stat) {
        if (fd > 2) {
          return ERRNO_BADF;
        }
        const dv = view();
        for (let i = 0; i < 24; i++) {
          dv.setUint8(stat + i, 0);
        }
        dv.setUint8(stat, FILETYPE_CHARACTER_DEVICE);
        return ERRNO_SUCCESS;
      },
      fd_close() {
        return ERRNO_SUCCESS;
      },
      fd_seek() {
        return ERRNO_NOSYS;
      },
      proc_exit(code) {
        throw new Error("the module exited with " + code);
      },
    };
    return new Proxy(calls, {
      get(target, name) {
        return name in target ? target[name] : () => ERRNO_NOSYS;
      },
    });
  }

  async function compile(bytes) {
    return WebAssembly.compile(typeof bytes === "string" ? decodeBase64(bytes) : bytes);
  }

  async function instantiate(module) {
    const state = { memory: null, printed: "", decoder: new TextDecoder() };
    const instance = await WebAssembly.instantiate(module, {
      wasi_snapshot_preview1: wasiImports(state),
    });
    const ex = instance.exports;
    state.memory = ex.memory;
    if (ex._initialize) {
      ex._initialize();
    }
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    return {
      /* Run one command; detail 0, 1 or 2 (see pg_do in pg.c). */
      run(command, detail) {
        const input = ex.pg_input();
        /* the glue's line holds 255 bytes; a longer one is cut, and refused as malformed */
        const bytes = encoder.encode(command).slice(0, 255);
        const mem = new Uint8Array(ex.memory.buffer);
        mem.set(bytes, input);
        mem[input + bytes.length] = 0;
        state.printed = "";
        const out = ex.pg_do(detail);
        const buf = new Uint8Array(ex.memory.buffer);
        let end = out;
        while (buf[end] !== 0) {
          end++;
        }
        const answer = JSON.parse(decoder.decode(buf.subarray(out, end)));
        return { answer, printed: state.printed, cost: answer.called ? ex.pg_cost() >>> 0 : null };
      },
    };
  }

  return { compile, instantiate, decodeBase64 };
});
