/*
 * The playground page: controls, the script of calls, and the pictures.
 *
 * Every picture is drawn from what the glue (tools/playground/pg.c and one
 * file per allocator) exports after each call: the allocator's walk, its
 * statistics, its lists and bitmaps. Nothing here knows how an allocator
 * works; this file only lays out numbers it is given.
 *
 * The model: a script of calls (a trace, or the calls made by hand) and a
 * position in it. Each allocator shown has its own instance of the module;
 * going to step k runs "init" and the first k calls on it. Calls are
 * deterministic, so stepping back is replaying.
 */
(function () {
  "use strict";

  const root = document.getElementById("kit-playground");
  if (!root || typeof KitPgRuntime === "undefined" || typeof KitPgData === "undefined") {
    return;
  }

  /* ---------------------------------------------------------- language */

  const LANG = /^zh/i.test(document.documentElement.lang || "") ? "zh_CN" : "en";

  const TEXT = {
    en: {
      "alloc.membox": "membox (stage 1)",
      "alloc.first-addr": "free list: first fit, address order (stage 2)",
      "alloc.first-lifo": "free list: first fit, LIFO (stage 2)",
      "alloc.next-addr": "free list: next fit, address order (stage 2)",
      "alloc.next-lifo": "free list: next fit, LIFO (stage 2)",
      "alloc.best-addr": "free list: best fit, address order (stage 2)",
      "alloc.best-lifo": "free list: best fit, LIFO (stage 2)",
      "alloc.tlsf": "TLSF (stage 3)",
      "short.membox": "membox",
      "short.first-addr": "first fit, address order",
      "short.first-lifo": "first fit, LIFO",
      "short.next-addr": "next fit, address order",
      "short.next-lifo": "next fit, LIFO",
      "short.best-addr": "best fit, address order",
      "short.best-lifo": "best fit, LIFO",
      "short.tlsf": "TLSF",
      "ui.allocators": "Allocators",
      "ui.allocator": "Allocator",
      "ui.compare": "Compare with",
      "ui.and": "and",
      "ui.none": "none",
      "ui.pool": "Pool",
      "ui.poolSize": "Pool size (bytes)",
      "ui.blkSize": "Membox block size (bytes)",
      "ui.reset": "Reset the pool",
      "ui.clear": "Clear the calls",
      "ui.call": "Call",
      "ui.size": "Size",
      "ui.align": "Alignment",
      "ui.alignNone": "none",
      "ui.allocate": "Allocate",
      "ui.block": "Block #",
      "ui.resize": "Resize to size",
      "ui.free": "Free",
      "ui.bad": "Bad input",
      "ui.bad.zero": "size 0",
      "ui.bad.huge": "size 4294967295",
      "ui.bad.align": "alignment 24",
      "ui.bad.again": "free a freed block",
      "ui.bad.inside": "free a pointer inside a block",
      "ui.trace": "Trace",
      "ui.traceChoose": "Trace",
      "ui.traceHand": "calls made by hand",
      "ui.traceLoad": "Load a file",
      "ui.tracePaste": "Paste a trace",
      "ui.traceUse": "Use this trace",
      "ui.first": "First step",
      "ui.back": "Step back",
      "ui.play": "Play",
      "ui.pause": "Pause",
      "ui.forward": "Step forward",
      "ui.last": "Last step",
      "ui.speed": "Speed",
      "ui.perSecond": "{0} calls a second",
      "ui.step": "Step {0} of {1}",
      "ui.next": "Next call:",
      "ui.nextNone": "none, the script has ended",
      "ui.copy": "Copy the calls",
      "ui.copied": "Copied.",
      "ui.copyFailed": "Select the text below and copy it.",
      "ui.keys": "Keys: ← → step, Home and End go to either end, space plays and pauses. Click a block in use to free it.",
      "legend.control": "control structure, headers",
      "legend.asked": "bytes asked for",
      "legend.slack": "rest of a block in use",
      "legend.free": "free",
      "legend.touched": "touched by the last call",
      "panel.call": "Call",
      "panel.returned": "returned",
      "panel.cost": "{0} WebAssembly instructions",
      "panel.costNone": "no allocator call",
      "panel.costSummary": "mean {0}, worst {1} over {2} calls",
      "panel.printed": "The allocator printed:",
      "panel.printedNone": "The allocator printed nothing.",
      "panel.invalid": "There is no pool: the allocator refused to set one up here. Every call on it is refused too.",
      "panel.map": "The pool of {0} bytes, drawn to scale",
      "panel.changes": "What the last call touched",
      "panel.changesNone": "Nothing in the pool changed.",
      "panel.figures": "Figures",
      "panel.index": "Index of free blocks",
      "panel.check": "integrity check",
      "panel.live": "bytes asked for, in blocks in use",
      "panel.util": "utilization: asked for ÷ pool",
      "change.taken": "taken: +{0}, {1} bytes",
      "change.split": "split off, free: +{0}, {1} bytes",
      "change.merged": "merged, free: +{0}, {1} bytes",
      "change.freed": "freed: +{0}, {1} bytes",
      "change.resized": "resized in place: +{0}, {1} bytes",
      "change.filed": "filed on {0}: +{1}",
      "change.unfiled": "taken off {0}: +{1}",
      "block.used": "block #{0} in use at +{1}, {2} bytes ({3} asked for); press Enter to free it",
      "block.usedNoId": "block in use at +{0}, {1} bytes",
      "block.free": "free block at +{0}, {1} bytes",
      "block.on": "on {0}",
      "block.control": "control structure, {0} bytes",
      "block.tail": "end of the pool: {0} bytes",
      "stat.totalUsedSize": "bytes not in free blocks",
      "stat.totalFreeSize": "bytes in free blocks",
      "stat.maxFreeNodeSize": "largest free block",
      "stat.usedNodeNum": "blocks in use",
      "stat.freeNodeNum": "free blocks",
      "stat.usageWaterLine": "peak of totalUsedSize",
      "stat.total_bytes": "bytes in blocks",
      "stat.used_bytes": "bytes in blocks in use",
      "stat.free_bytes": "bytes in free blocks",
      "stat.largest_free": "largest free block",
      "stat.used_blocks": "blocks in use",
      "stat.free_blocks": "free blocks",
      "stat.peak_used": "peak of used_bytes",
      "stat.maxBlk": "blocks in the pool",
      "stat.blkCnt": "blocks in use",
      "stat.blkSize": "bytes per block, node included",
      "index.freelist": "The free list, in list order",
      "list.free": "the free list",
      "index.rover": "next fit's rover",
      "index.empty": "empty",
      "index.membox": "The free list, in list order (block numbers)",
      "index.tlsf": "The bitmap, drawn as rows: {0} lists for each range of sizes",
      "index.row": "row {0}",
      "index.list": "list {0}",
      "index.listOf": "row {0}, list {1} [{2}, {3})",
      "index.flBitmap": "rows with a block",
      "index.slBitmap": "the bitmap's bits of row {0}",
      "index.sizes": "sizes",
      "index.lists": "The lists",
      "index.noLists": "No list holds a block.",
      "chart.largest": "Largest free block after each call (bytes)",
      "chart.cost": "WebAssembly instructions of each call",
      "chart.failed": "a request that failed",
      "chart.jump": "Click a chart to go to that step.",
      "note.bad-line": "The playground could not read this line; no call was made.",
      "note.unknown-kind": "No such allocator.",
      "note.pool-too-big": "The playground's buffer holds {0} bytes; no call was made.",
      "note.not-32-bit": "{0} does not fit the 32-bit parameter the allocator's API takes; no call was made.",
      "note.bad-id": "Block numbers go from 0 to {0}; no call was made.",
      "note.id-live": "That block number names a block in use: free it first. No call was made.",
      "note.no-aligned": "This allocator's API has no aligned allocation; no call was made.",
      "note.no-id": "No block has that number yet; no call was made.",
      "note.bad-offset": "The offset is past the playground's buffer ({0} bytes); no call was made.",
      "note.membox-size": "Every membox block holds {0} bytes and LOS_MemboxAlloc takes no size: the playground refuses a larger request itself, as the trace tool does. No call was made.",
      "note.membox-keeps": "The membox has no realloc: the block holds {0} bytes, so it is kept as it is, as the trace tool does. No call was made.",
      "note.no-pool": "Set up a pool first.",
      "note.empty": "An empty line or a comment; no call was made.",
      "note.bad-op": "Unknown call; no call was made.",
      "ret.null": "NULL",
      "live.step": "Step {0}: {1}",
      "error.load": "The playground could not start: {0}",
      "trace.hand": "Calls made by hand.",
      "trace.split": "Watch the split: each request is cut from the front of a free block, and what is left over stays free, as a block of its own.",
      "trace.merge": "Watch the merge: a freed block joins whichever neighbours are free, so no two free blocks ever touch.",
      "trace.fit": "Watch the search: four holes of different sizes between small blocks in use. First fit takes the first hole that is large enough, next fit the first after the last one it took, best fit the smallest; compare them.",
      "trace.classes": "Watch the classes: each free block is filed on the list of its size class, and the bitmap says which lists are not empty. A request looks at a few blocks of its own list first, then takes the first non-empty list above it, where every block fits.",
      "trace.membox": "Watch the free list of a membox: every block has one size, and the block freed last is the first one handed out again.",
      "trace.bad": "Bad input: each call is refused, with the allocator's own answer and, where it prints one, its diagnostic; the pool stays intact.",
      "trace.holes": "The trace tool's holes trace: small and large blocks, then every second one freed.",
      "trace.mixed": "The trace tool's mixed trace: sizes from a few bytes to 2 KB.",
      "trace.ramp": "The trace tool's ramp trace: the live size grows, then shrinks.",
      "trace.realloc": "The trace tool's realloc trace: blocks that grow and shrink.",
      "trace.pasted": "A trace of your own.",
    },
    zh_CN: {
      "alloc.membox": "membox（阶段一）",
      "alloc.first-addr": "空闲链表：首次适配，按地址排序（阶段二）",
      "alloc.first-lifo": "空闲链表：首次适配，LIFO（阶段二）",
      "alloc.next-addr": "空闲链表：循环首次适配，按地址排序（阶段二）",
      "alloc.next-lifo": "空闲链表：循环首次适配，LIFO（阶段二）",
      "alloc.best-addr": "空闲链表：最佳适配，按地址排序（阶段二）",
      "alloc.best-lifo": "空闲链表：最佳适配，LIFO（阶段二）",
      "alloc.tlsf": "TLSF（阶段三）",
      "short.membox": "membox",
      "short.first-addr": "首次适配，按地址",
      "short.first-lifo": "首次适配，LIFO",
      "short.next-addr": "循环首次适配，按地址",
      "short.next-lifo": "循环首次适配，LIFO",
      "short.best-addr": "最佳适配，按地址",
      "short.best-lifo": "最佳适配，LIFO",
      "short.tlsf": "TLSF",
      "ui.allocators": "分配器",
      "ui.allocator": "分配器",
      "ui.compare": "对比",
      "ui.and": "以及",
      "ui.none": "无",
      "ui.pool": "内存池",
      "ui.poolSize": "内存池大小（字节）",
      "ui.blkSize": "membox 块大小（字节）",
      "ui.reset": "重建内存池",
      "ui.clear": "清除所有调用",
      "ui.call": "调用",
      "ui.size": "大小",
      "ui.align": "对齐",
      "ui.alignNone": "无",
      "ui.allocate": "分配",
      "ui.block": "块号",
      "ui.resize": "调整为该大小",
      "ui.free": "释放",
      "ui.bad": "错误输入",
      "ui.bad.zero": "大小为 0",
      "ui.bad.huge": "大小为 4294967295",
      "ui.bad.align": "对齐为 24",
      "ui.bad.again": "再次释放已释放的块",
      "ui.bad.inside": "释放块内部的指针",
      "ui.trace": "跟踪",
      "ui.traceChoose": "跟踪文件",
      "ui.traceHand": "手动调用",
      "ui.traceLoad": "载入文件",
      "ui.tracePaste": "粘贴跟踪",
      "ui.traceUse": "使用这段跟踪",
      "ui.first": "第一步",
      "ui.back": "后退一步",
      "ui.play": "播放",
      "ui.pause": "暂停",
      "ui.forward": "前进一步",
      "ui.last": "最后一步",
      "ui.speed": "速度",
      "ui.perSecond": "每秒 {0} 次调用",
      "ui.step": "第 {0} 步，共 {1} 步",
      "ui.next": "下一次调用：",
      "ui.nextNone": "无，脚本已结束",
      "ui.copy": "复制这些调用",
      "ui.copied": "已复制。",
      "ui.copyFailed": "请选中下面的文本并复制。",
      "ui.keys": "按键：← → 单步，Home 和 End 跳到两端，空格键播放或暂停。点击已使用的块即可释放它。",
      "legend.control": "控制结构、块头",
      "legend.asked": "申请的字节",
      "legend.slack": "已使用块的其余部分",
      "legend.free": "空闲",
      "legend.touched": "上一次调用涉及的块",
      "panel.call": "调用",
      "panel.returned": "返回",
      "panel.cost": "{0} 条 WebAssembly 指令",
      "panel.costNone": "没有调用分配器",
      "panel.costSummary": "{2} 次调用：平均 {0}，最多 {1}",
      "panel.printed": "分配器打印了：",
      "panel.printedNone": "分配器没有打印任何内容。",
      "panel.invalid": "没有内存池：分配器拒绝在这里建立内存池，之后对它的每次调用也都会被拒绝。",
      "panel.map": "{0} 字节的内存池，按比例绘制",
      "panel.changes": "上一次调用涉及的块",
      "panel.changesNone": "内存池没有变化。",
      "panel.figures": "统计数字",
      "panel.index": "空闲块索引",
      "panel.check": "完整性检查",
      "panel.live": "已使用块中申请的字节",
      "panel.util": "利用率：申请的字节 ÷ 内存池",
      "change.taken": "被取用：+{0}，{1} 字节",
      "change.split": "分割出的空闲块：+{0}，{1} 字节",
      "change.merged": "合并后的空闲块：+{0}，{1} 字节",
      "change.freed": "被释放：+{0}，{1} 字节",
      "change.resized": "原地调整大小：+{0}，{1} 字节",
      "change.filed": "放入{0}：+{1}",
      "change.unfiled": "从{0}取下：+{1}",
      "block.used": "已使用的块 #{0}，位于 +{1}，{2} 字节（申请 {3} 字节）；按 Enter 释放",
      "block.usedNoId": "已使用的块，位于 +{0}，{1} 字节",
      "block.free": "空闲块，位于 +{0}，{1} 字节",
      "block.on": "在{0}上",
      "block.control": "控制结构，{0} 字节",
      "block.tail": "内存池末尾：{0} 字节",
      "stat.totalUsedSize": "不属于空闲块的字节数",
      "stat.totalFreeSize": "空闲块的字节数",
      "stat.maxFreeNodeSize": "最大空闲块",
      "stat.usedNodeNum": "已使用的块数",
      "stat.freeNodeNum": "空闲块数",
      "stat.usageWaterLine": "totalUsedSize 的峰值",
      "stat.total_bytes": "各块的总字节数",
      "stat.used_bytes": "已使用块的字节数",
      "stat.free_bytes": "空闲块的字节数",
      "stat.largest_free": "最大空闲块",
      "stat.used_blocks": "已使用的块数",
      "stat.free_blocks": "空闲块数",
      "stat.peak_used": "used_bytes 的峰值",
      "stat.maxBlk": "内存池中的块数",
      "stat.blkCnt": "已使用的块数",
      "stat.blkSize": "每块字节数（含节点头）",
      "index.freelist": "空闲链表，按链表顺序",
      "list.free": "空闲链表",
      "index.rover": "循环首次适配的游标",
      "index.empty": "空",
      "index.membox": "空闲链表，按链表顺序（块序号）",
      "index.tlsf": "位图，按行画出：每个大小范围 {0} 条链表",
      "index.row": "第 {0} 行",
      "index.list": "链表 {0}",
      "index.listOf": "第 {0} 行链表 {1} [{2}, {3})",
      "index.flBitmap": "有块的行",
      "index.slBitmap": "位图中第 {0} 行的位",
      "index.sizes": "大小",
      "index.lists": "各链表",
      "index.noLists": "没有链表中有块。",
      "chart.largest": "每次调用后的最大空闲块（字节）",
      "chart.cost": "每次调用的 WebAssembly 指令数",
      "chart.failed": "失败的申请",
      "chart.jump": "点击图表可跳到那一步。",
      "note.bad-line": "无法读懂这一行，没有调用分配器。",
      "note.unknown-kind": "没有这个分配器。",
      "note.pool-too-big": "演练场的缓冲区只有 {0} 字节，没有调用分配器。",
      "note.not-32-bit": "{0} 超出了分配器 API 的 32 位参数，没有调用分配器。",
      "note.bad-id": "块号的范围是 0 到 {0}，没有调用分配器。",
      "note.id-live": "这个块号对应一个正在使用的块，请先释放它。没有调用分配器。",
      "note.no-aligned": "这个分配器的 API 没有对齐分配，没有调用分配器。",
      "note.no-id": "还没有这个块号，没有调用分配器。",
      "note.bad-offset": "偏移超出了演练场的缓冲区（{0} 字节），没有调用分配器。",
      "note.membox-size": "membox 的每块只能容纳 {0} 字节，而 LOS_MemboxAlloc 不接受大小参数：更大的申请由演练场自己拒绝，与跟踪工具的做法相同。没有调用分配器。",
      "note.membox-keeps": "membox 没有 realloc：该块能容纳 {0} 字节，因此保持原样，与跟踪工具的做法相同。没有调用分配器。",
      "note.no-pool": "请先建立内存池。",
      "note.empty": "空行或注释，没有调用分配器。",
      "note.bad-op": "未知的调用，没有调用分配器。",
      "ret.null": "NULL",
      "live.step": "第 {0} 步：{1}",
      "error.load": "演练场无法启动：{0}",
      "trace.hand": "手动进行的调用。",
      "trace.split": "观察分割：每个申请都从一个空闲块的前部切下，剩余部分作为一个独立的块保持空闲。",
      "trace.merge": "观察合并：被释放的块与空闲的邻居合并，因此任何两个空闲块都不会相邻。",
      "trace.fit": "观察搜索：几个小的已使用块之间有四个大小不同的空洞。首次适配取第一个足够大的空洞，循环首次适配取上次所取位置之后的第一个，最佳适配取最小的一个；对比它们。",
      "trace.classes": "观察大小类别：每个空闲块都放在其大小类别的链表上，位图记录哪些链表非空。申请先查看本链表中的几个块，然后取上方第一条非空链表，那里的每个块都放得下。",
      "trace.membox": "观察 membox 的空闲链表：所有块大小相同，最后释放的块最先被再次分配。",
      "trace.bad": "错误输入：每次调用都被拒绝，给出分配器自己的答复，以及它打印的诊断信息（如果有）；内存池保持完好。",
      "trace.holes": "跟踪工具的 holes 跟踪：小块与大块交替，然后每隔一块释放一块。",
      "trace.mixed": "跟踪工具的 mixed 跟踪：大小从几个字节到 2 KB。",
      "trace.ramp": "跟踪工具的 ramp 跟踪：存活的总大小先增长后减少。",
      "trace.realloc": "跟踪工具的 realloc 跟踪：不断变大变小的块。",
      "trace.pasted": "你自己的跟踪。",
    },
  };

  function t(key, ...args) {
    let text = TEXT[LANG][key];
    if (text === undefined) {
      text = TEXT.en[key] !== undefined ? TEXT.en[key] : key;
    }
    args.forEach((arg, i) => {
      text = text.split("{" + i + "}").join(String(arg));
    });
    return text;
  }

  /* ---------------------------------------------------------- helpers */

  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) {
        continue;
      }
      if (k === "class") {
        node.className = v;
      } else if (k.startsWith("on")) {
        node.addEventListener(k.slice(2), v);
      } else {
        node.setAttribute(k, v === true ? "" : v);
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  /* The control structure's and the headers' fill: hatched, so that it
   * differs from the others in more than its colour. */
  function hatchPattern(id) {
    return svg("pattern", { id, width: 6, height: 6, patternUnits: "userSpaceOnUse",
                            patternTransform: "rotate(45)" },
      svg("rect", { width: 6, height: 6, class: "kit-pg-f-control" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, class: "kit-pg-hatch" }));
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) {
        node.setAttribute(k, v);
      }
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  const ALLOCATORS = ["membox", "first-addr", "first-lifo", "next-addr", "next-lifo",
                      "best-addr", "best-lifo", "tlsf"];
  const POOL_MAX = 262144;
  const SPEEDS = [1, 2, 4, 8, 16, 32, 64];

  function parseTrace(text) {
    const ops = [];
    const lines = text.split(/\r?\n/);
    let note = "";
    for (const line of lines) {
      const m = /^\s*#\s?(.*)$/.exec(line);
      if (m && ops.length === 0) {
        note += (note ? " " : "") + m[1].trim();
        continue;
      }
      const op = line.replace(/#.*/, "").trim().replace(/\s+/g, " ");
      if (op !== "") {
        ops.push(op);
      }
    }
    return { ops, note };
  }

  /* The pool a trace gets when none is asked for: half as much again as
   * its peak of bytes asked for, and room for a control structure, rounded
   * up to a KiB. Small enough that fragmentation shows, on some traces
   * enough to make a request fail. */
  function poolFor(ops) {
    const live = new Map();
    let now = 0;
    let peak = 0;
    for (const op of ops) {
      const w = op.split(" ");
      const size = Number(w[2]);
      if ((w[0] === "a" || w[0] === "m" || w[0] === "r") && size < POOL_MAX) {
        now += size - (live.get(w[1]) || 0);
        live.set(w[1], size);
      } else if (w[0] === "f" && live.has(w[1])) {
        now -= live.get(w[1]);
        live.delete(w[1]);
      }
      peak = Math.max(peak, now);
    }
    return Math.min(POOL_MAX, Math.max(1024, Math.ceil((peak * 1.5 + 512) / 1024) * 1024));
  }

  function largestRequest(ops) {
    let largest = 0;
    for (const op of ops) {
      const w = op.split(" ");
      if ((w[0] === "a" || w[0] === "m" || w[0] === "r") && Number(w[2]) < POOL_MAX) {
        largest = Math.max(largest, Number(w[2]));
      }
    }
    return largest;
  }

  function hex(n, width) {
    return "0b" + (n >>> 0).toString(2).padStart(width, "0");
  }

  /* Pointers the allocator printed, shown with their offset in the pool. */
  function annotate(text, base) {
    return text.replace(/0x[0-9a-f]+/g, (word) => {
      const off = parseInt(word, 16) - base;
      return off >= 0 && off <= POOL_MAX ? `${word} (pool+${off})` : word;
    });
  }

  /* ---------------------------------------------------------- the model */

  const TRACES = KitPgData.traces.map((tr) => Object.assign({}, tr, parseTrace(tr.text)));

  const model = {
    kinds: ["tlsf"],
    pool: 4096,
    blk: 32,
    traceName: "",
    traceNote: t("trace.hand"),
    ops: [],
    pos: 0,
    playing: null,
    speed: 4,
  };

  let wasmModule = null;
  let panelCount = 0;
  const panels = [];

  function initCommand(kind) {
    return `init ${kind} ${model.pool} ${model.blk}`;
  }

  /* Run the script on one panel up to step k (k calls after init). */
  function replay(panel, k) {
    if (k === panel.pos + 1 && panel.cur) {
      panel.prev = panel.cur;
      panel.cur = panel.pg.run(model.ops[k - 1], 2);
      panel.pos = k;
      return;
    }
    let r = panel.pg.run(initCommand(panel.kind), k === 0 ? 2 : 0);
    for (let i = 0; i + 1 < k; i++) {
      r = panel.pg.run(model.ops[i], 0);
    }
    if (k === 0) {
      panel.prev = null;
      panel.cur = r;
    } else {
      panel.prev = panel.pg.run("state", 2);
      panel.cur = panel.pg.run(model.ops[k - 1], 2);
    }
    panel.pos = k;
  }

  /* The figures of every step, for the charts. */
  function series(panel) {
    const out = [];
    const first = panel.pg.run(initCommand(panel.kind), 1);
    out.push(Object.assign(point(first, null), { cost: null }));
    for (const op of model.ops) {
      out.push(point(panel.pg.run(op, 1), op));
    }
    panel.series = out;
    panel.pos = -1; /* the instance is at the end now: replay from scratch */
    panel.cur = null;
  }

  function point(run, op) {
    const st = run.answer.state || {};
    const w = op ? op.split(" ") : [];
    const asked = (w[0] === "a" || w[0] === "m" || (w[0] === "r" && w[2] !== "0"));
    return {
      largest: st.valid ? st.largestFree : 0,
      cost: run.cost,
      failed: asked && run.answer.call !== undefined && run.answer.ret === null,
    };
  }

  async function rebuildPanels() {
    for (const panel of panels) {
      panel.node.remove();
    }
    panels.length = 0;
    for (const kind of model.kinds) {
      const pg = await KitPgRuntime.instantiate(wasmModule);
      const panel = { kind, pg, pos: -1, cur: null, prev: null, series: [], uid: ++panelCount };
      panel.node = buildPanel(panel);
      ui.panels.append(panel.node);
      panels.push(panel);
    }
  }

  function recompute() {
    for (const panel of panels) {
      series(panel);
    }
    model.pos = Math.min(model.pos, model.ops.length);
    go(model.pos);
  }

  let hashTimer = null;

  function go(k) {
    model.pos = Math.max(0, Math.min(model.ops.length, k));
    for (const panel of panels) {
      replay(panel, model.pos);
    }
    render();
    /* the address follows the step, once the stepping pauses */
    clearTimeout(hashTimer);
    hashTimer = setTimeout(saveHash, 400);
  }

  function nextId() {
    let id = 0;
    for (const op of model.ops) {
      const w = op.split(" ");
      if (w[0] !== "x" && Number(w[1]) >= id) {
        id = Number(w[1]) + 1;
      }
    }
    return Math.min(id, 4095);
  }

  /* A call made by hand: it replaces whatever the script held after this
   * step, and runs at once. */
  function call(op) {
    stop();
    if (model.traceName !== "") {
      model.traceName = "";
      model.traceNote = t("trace.hand");
      ui.trace.value = "";
    }
    model.ops = model.ops.slice(0, model.pos).concat([op]);
    for (const panel of panels) {
      panel.series = panel.series.slice(0, model.pos + 1);
      replay(panel, model.pos + 1);
      const p = point(panel.cur, op);
      panel.series.push(p);
    }
    model.pos += 1;
    const active = document.activeElement;
    const block = active && active.closest && active.closest(".kit-pg-block");
    const panelNode = block && block.closest(".kit-pg-panel");
    const at = block ? Number(block.getAttribute("data-off")) : 0;
    render();
    saveHash();
    if (panelNode) {
      /* a block freed from the keyboard: keep the reader's place in the map */
      const index = [...ui.panels.children].indexOf(panelNode);
      const now = ui.panels.children[index];
      const next = now && [...now.querySelectorAll(".kit-pg-block[tabindex]")]
        .find((g) => Number(g.getAttribute("data-off")) >= at);
      (next || (now && now.querySelector(".kit-pg-svg")) || ui.playButton).focus();
    }
  }

  /* ---------------------------------------------------------- controls */

  const ui = {};

  function field(label, input) {
    return el("label", { class: "kit-pg-field" }, el("span", {}, label), input);
  }

  function allocatorSelect(withNone) {
    const select = el("select", {});
    if (withNone) {
      select.append(el("option", { value: "" }, t("ui.none")));
    }
    for (const id of ALLOCATORS) {
      select.append(el("option", { value: id }, t("alloc." + id)));
    }
    return select;
  }

  /* Small pictures for the player's buttons: no font has to have them. */
  const ICONS = {
    first: "M3 2h2v12H3zM14 2v12L6 8z",
    back: "M12 2v12L4 8z",
    forward: "M4 2v12l8-6z",
    last: "M11 2h2v12h-2zM2 2v12l8-6z",
  };

  function icon(name) {
    return svg("svg", { viewBox: "0 0 16 16", width: 16, height: 16, "aria-hidden": "true",
                        class: "kit-pg-icon" }, svg("path", { d: ICONS[name] }));
  }

  function button(label, onclick, attrs) {
    return el("button", Object.assign({ type: "button", onclick }, attrs || {}), label);
  }

  function buildControls() {
    ui.kind = [allocatorSelect(false), allocatorSelect(true), allocatorSelect(true)];
    ui.kind.forEach((select) => select.addEventListener("change", onKinds));
    ui.pool = el("input", { type: "number", name: "pool", min: 0, max: POOL_MAX, step: 8,
                            inputmode: "numeric" });
    ui.blk = el("input", { type: "number", name: "blk", min: 0, step: 8, inputmode: "numeric" });
    ui.size = el("input", { type: "number", name: "size", min: 0, value: 100, inputmode: "numeric" });
    ui.align = el("input", { type: "number", name: "align", min: 0, placeholder: t("ui.alignNone"),
                             inputmode: "numeric" });
    ui.id = el("input", { type: "number", name: "id", min: 0, max: 4095, inputmode: "numeric" });
    ui.trace = el("select", { id: "kit-pg-trace" });
    ui.trace.append(el("option", { value: "" }, t("ui.traceHand")));
    for (const tr of TRACES) {
      ui.trace.append(el("option", { value: tr.name }, `${tr.name} (${tr.ops.length})`));
    }
    ui.trace.addEventListener("change", () => loadTrace(ui.trace.value));
    ui.file = el("input", { type: "file", accept: ".trace,.txt,text/plain", hidden: true });
    ui.file.addEventListener("change", onFile);
    ui.paste = el("textarea", { rows: 6, spellcheck: "false", "aria-label": t("ui.tracePaste") });
    ui.speed = el("select", {});
    for (const s of SPEEDS) {
      ui.speed.append(el("option", { value: s }, t("ui.perSecond", s)));
    }
    ui.speed.addEventListener("change", () => {
      model.speed = Number(ui.speed.value);
      if (model.playing) {
        stop();
        play();
      }
    });
    ui.playButton = button(t("ui.play"), () => (model.playing ? stop() : play()),
                           { class: "kit-pg-play", "aria-pressed": "false" });
    ui.stepText = el("output", { class: "kit-pg-step", "aria-live": "off" });
    ui.next = el("code", {});
    ui.traceNote = el("p", { class: "kit-pg-tracenote" });
    ui.copyText = el("textarea", { rows: 4, readonly: true, hidden: true,
                                   "aria-label": t("ui.copy") });
    ui.copyNote = el("span", { class: "kit-pg-muted", "aria-live": "polite" });
    ui.live = el("div", { class: "kit-pg-sr", "aria-live": "polite" });

    ui.blkField = field(t("ui.blkSize"), ui.blk);
    const allocators = el("fieldset", { class: "kit-pg-box" },
      el("legend", {}, t("ui.allocators")),
      el("div", { class: "kit-pg-row" },
        field(t("ui.allocator"), ui.kind[0]),
        field(t("ui.compare"), ui.kind[1]),
        field(t("ui.and"), ui.kind[2])),
      el("div", { class: "kit-pg-row" },
        field(t("ui.poolSize"), ui.pool),
        ui.blkField,
        button(t("ui.reset"), onReset),
        button(t("ui.clear"), onClear)));

    const callBox = el("fieldset", { class: "kit-pg-box" },
      el("legend", {}, t("ui.call")),
      el("div", { class: "kit-pg-row" },
        field(t("ui.size"), ui.size),
        field(t("ui.align"), ui.align),
        button(t("ui.allocate"), onAlloc, { class: "kit-pg-primary" }),
        el("span", { class: "kit-pg-sep", "aria-hidden": "true" }),
        field(t("ui.block"), ui.id),
        button(t("ui.resize"), onResize),
        button(t("ui.free"), onFree)),
      el("div", { class: "kit-pg-row kit-pg-bad", role: "group", "aria-label": t("ui.bad") },
        el("span", { class: "kit-pg-muted" }, t("ui.bad") + ":"),
        button(t("ui.bad.zero"), () => call(`a ${nextId()} 0`)),
        button(t("ui.bad.huge"), () => call(`a ${nextId()} 4294967295`)),
        button(t("ui.bad.align"), () => call(`m ${nextId()} 64 24`)),
        button(t("ui.bad.again"), onFreeAgain),
        button(t("ui.bad.inside"), onFreeInside)));

    const trace = el("fieldset", { class: "kit-pg-box" },
      el("legend", {}, t("ui.trace")),
      el("div", { class: "kit-pg-row" },
        field(t("ui.traceChoose"), ui.trace),
        button(t("ui.traceLoad"), () => ui.file.click()), ui.file),
      el("details", {},
        el("summary", {}, t("ui.tracePaste")),
        ui.paste,
        button(t("ui.traceUse"), () => usePasted(ui.paste.value))),
      ui.traceNote,
      el("div", { class: "kit-pg-player", role: "group" },
        button(icon("first"), () => { stop(); go(0); }, { "aria-label": t("ui.first"), title: t("ui.first") }),
        button(icon("back"), () => { stop(); go(model.pos - 1); },
               { "aria-label": t("ui.back"), title: t("ui.back") }),
        ui.playButton,
        button(icon("forward"), () => { stop(); go(model.pos + 1); },
               { "aria-label": t("ui.forward"), title: t("ui.forward") }),
        button(icon("last"), () => { stop(); go(model.ops.length); },
               { "aria-label": t("ui.last"), title: t("ui.last") }),
        field(t("ui.speed"), ui.speed),
        ui.stepText),
      el("p", { class: "kit-pg-next" }, t("ui.next") + " ", ui.next),
      el("div", { class: "kit-pg-row" }, button(t("ui.copy"), onCopy), ui.copyNote),
      ui.copyText);

    /* the legend's swatches are drawn with the map's own fills */
    const swatch = (cls) => svg("svg", { viewBox: "0 0 24 14", class: "kit-pg-swatch", "aria-hidden": "true" },
      svg("defs", {}, hatchPattern("kit-pg-hatch-legend")),
      svg("rect", { x: 1, y: 1, width: 22, height: 12,
                    class: cls === "control" ? "kit-pg-f-ctl" : "kit-pg-f-" + (cls === "touched" ? "free" : cls),
                    fill: cls === "control" ? "url(#kit-pg-hatch-legend)" : null }),
      svg("rect", { x: 1, y: 1, width: 22, height: 12, class: cls === "touched" ? "kit-pg-touched" : "kit-pg-edge" }));
    const legend = el("ul", { class: "kit-pg-legend" },
      ["control", "asked", "slack", "free", "touched"].map((k) => el("li", {}, swatch(k), t("legend." + k))));

    ui.charts = el("div", { class: "kit-pg-charts" });
    ui.panels = el("div", { class: "kit-pg-panels" });
    root.append(
      el("div", { class: "kit-pg-controls" }, allocators, callBox, trace),
      el("p", { class: "kit-pg-keys kit-pg-muted" }, t("ui.keys")),
      legend, ui.panels, ui.charts, ui.live);
  }

  function readNumber(input, fallback) {
    const text = String(input.value).trim();
    return /^\d+$/.test(text) ? text : fallback;
  }

  function onAlloc() {
    const size = readNumber(ui.size, "0");
    const align = String(ui.align.value).trim();
    const id = nextId();
    call(/^\d+$/.test(align) ? `m ${id} ${size} ${align}` : `a ${id} ${size}`);
    ui.id.value = id;
  }

  function onResize() {
    call(`r ${readNumber(ui.id, "0")} ${readNumber(ui.size, "0")}`);
  }

  function onFree() {
    call(`f ${readNumber(ui.id, "0")}`);
  }

  function lastFreed() {
    const st = panels[0] && panels[0].cur && panels[0].cur.answer.state;
    const freed = st && st.slots ? st.slots.filter((s) => !s[3]) : [];
    return freed.length ? freed[freed.length - 1][0] : null;
  }

  function onFreeAgain() {
    let id = lastFreed();
    if (id === null) {
      /* nothing freed yet: allocate, free, and free again */
      id = nextId();
      call(`a ${id} 64`);
      call(`f ${id}`);
    }
    call(`f ${id}`);
  }

  function onFreeInside() {
    const st = panels[0] && panels[0].cur && panels[0].cur.answer.state;
    const live = st && st.slots ? st.slots.filter((s) => s[3]) : [];
    if (live.length === 0) {
      const id = nextId();
      call(`a ${id} 64`);
      return onFreeInside();
    }
    call(`x ${live[live.length - 1][1] + 12}`);
  }

  async function onKinds() {
    stop();
    const kinds = ui.kind.map((s) => s.value).filter((v) => v !== "");
    model.kinds = kinds.length ? kinds : ["tlsf"];
    await rebuildPanels();
    recompute();
    saveHash();
  }

  function readPool() {
    model.pool = Number(readNumber(ui.pool, String(model.pool)));
    model.blk = Number(readNumber(ui.blk, String(model.blk)));
  }

  function onReset() {
    stop();
    readPool();
    model.pos = 0;
    recompute();
    saveHash();
  }

  function onClear() {
    stop();
    readPool();
    model.ops = [];
    model.pos = 0;
    model.traceName = "";
    model.traceNote = t("trace.hand");
    ui.trace.value = "";
    recompute();
    saveHash();
  }

  function setScript(name, ops, note, pool, blk) {
    stop();
    model.traceName = name;
    model.ops = ops;
    model.traceNote = note;
    model.pos = 0;
    model.pool = pool || poolFor(ops);
    model.blk = blk || Math.max(8, largestRequest(ops));
    recompute();
    saveHash();
  }

  function loadTrace(name, pool, blk, step) {
    const tr = TRACES.find((x) => x.name === name);
    if (!tr) {
      onClear();
      return;
    }
    ui.trace.value = name;
    const note = TEXT[LANG]["trace." + name] ? t("trace." + name) : tr.note || t("trace.pasted");
    setScript(name, tr.ops.slice(), note, pool, blk);
    if (step) {
      go(step);
    }
  }

  function usePasted(text) {
    const tr = parseTrace(text);
    ui.trace.value = "";
    setScript("", tr.ops, tr.note || t("trace.pasted"));
  }

  function onFile() {
    const file = ui.file.files && ui.file.files[0];
    if (file) {
      file.text().then(usePasted);
    }
  }

  function onCopy() {
    const text = model.ops.join("\n") + "\n";
    ui.copyText.value = text;
    ui.copyText.hidden = false;
    const done = () => { ui.copyNote.textContent = t("ui.copied"); };
    const failed = () => {
      ui.copyNote.textContent = t("ui.copyFailed");
      ui.copyText.select();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      failed();
    }
  }

  function play() {
    if (model.pos >= model.ops.length) {
      go(0);
    }
    model.playing = setInterval(() => {
      if (model.pos >= model.ops.length) {
        stop();
        return;
      }
      go(model.pos + 1);
    }, 1000 / model.speed);
    ui.playButton.textContent = t("ui.pause");
    ui.playButton.setAttribute("aria-pressed", "true");
  }

  function stop() {
    if (model.playing) {
      clearInterval(model.playing);
      model.playing = null;
    }
    if (ui.playButton) {
      ui.playButton.textContent = t("ui.play");
      ui.playButton.setAttribute("aria-pressed", "false");
    }
  }

  function onKey(event) {
    const target = event.target;
    const tag = target && target.tagName;
    if (event.altKey || event.ctrlKey || event.metaKey ||
        tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" ||
        (target && target.isContentEditable)) {
      return;
    }
    if (event.key === "ArrowRight") {
      stop();
      go(model.pos + 1);
    } else if (event.key === "ArrowLeft") {
      stop();
      go(model.pos - 1);
    } else if (event.key === "Home") {
      stop();
      go(0);
    } else if (event.key === "End") {
      stop();
      go(model.ops.length);
    } else if (event.key === " " && tag !== "BUTTON" && !target.closest(".kit-pg-block")) {
      if (model.playing) {
        stop();
      } else {
        play();
      }
    } else {
      return;
    }
    event.preventDefault();
  }

  /* ---------------------------------------------------------- the address */

  function currentHash() {
    const parts = [`a=${model.kinds.join(",")}`, `pool=${model.pool}`];
    if (model.kinds.includes("membox")) {
      parts.push(`blk=${model.blk}`);
    }
    if (model.traceName) {
      parts.push(`t=${model.traceName}`);
      if (model.pos) {
        parts.push(`s=${model.pos}`);
      }
    }
    return parts.join("&");
  }

  function saveHash() {
    const hash = "#" + currentHash();
    if (location.hash !== hash) {
      try {
        history.replaceState(null, "", hash);
      } catch (err) {
        /* some file:// pages refuse: the address just stays as it was */
      }
    }
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const kinds = (params.get("a") || "").split(",").filter((k) => ALLOCATORS.includes(k));
    return {
      kinds: kinds.length ? kinds.slice(0, 3) : null,
      pool: /^\d+$/.test(params.get("pool") || "") ? Number(params.get("pool")) : null,
      blk: /^\d+$/.test(params.get("blk") || "") ? Number(params.get("blk")) : null,
      trace: params.get("t"),
      step: /^\d+$/.test(params.get("s") || "") ? Number(params.get("s")) : 0,
    };
  }

  async function applyHash() {
    const h = readHash();
    stop();
    model.kinds = h.kinds || ["tlsf"];
    ui.kind.forEach((select, i) => { select.value = model.kinds[i] || ""; });
    await rebuildPanels();
    if (h.trace && TRACES.some((tr) => tr.name === h.trace)) {
      loadTrace(h.trace, h.pool, h.blk, h.step);
    } else {
      model.pool = h.pool !== null ? h.pool : 4096;
      model.blk = h.blk !== null ? h.blk : 32;
      model.ops = [];
      model.traceName = "";
      model.traceNote = t("trace.hand");
      ui.trace.value = "";
      recompute();
    }
  }

  /* ---------------------------------------------------------- a panel */

  function buildPanel(panel) {
    const node = el("section", { class: "kit-pg-panel", "data-kind": panel.kind },
      el("h3", {}, t("alloc." + panel.kind)));
    panel.ui = {
      call: el("div", { class: "kit-pg-call" }),
      printed: el("div", { class: "kit-pg-printed" }),
      map: el("div", { class: "kit-pg-map" }),
      changes: el("div", { class: "kit-pg-changes" }),
      figures: el("div", { class: "kit-pg-figures" }),
      index: el("div", { class: "kit-pg-index" }),
    };
    node.append(panel.ui.call, panel.ui.printed, panel.ui.map, panel.ui.changes,
                el("div", { class: "kit-pg-details" }, panel.ui.figures, panel.ui.index));
    return node;
  }

  function describeReturn(a) {
    if ("ret" in a) {
      return a.ret === null ? t("ret.null") : `pool+${a.ret}`;
    }
    if ("rc" in a) {
      return `${a.rcName} (${a.rc})`;
    }
    return null;
  }

  function renderCall(panel) {
    const { answer: a, printed, cost } = panel.cur;
    const box = panel.ui.call;
    box.replaceChildren();
    const line = el("p", {});
    if (a.call) {
      line.append(el("code", { class: "kit-pg-c" }, a.call));
      const ret = describeReturn(a);
      if (ret !== null) {
        line.append(" → ", el("strong", { class: a.ret === null || a.rc ? "kit-pg-refused" : "" }, ret));
      }
    } else {
      line.append(el("code", {}, a.op));
    }
    box.append(line);
    if (a.note) {
      box.append(el("p", { class: "kit-pg-note", role: "note" }, t("note." + a.note, a.noteArg)));
    }
    const costs = panel.series.slice(1, model.pos + 1).map((p) => p.cost).filter((c) => c !== null);
    const summary = costs.length > 1
      ? " · " + t("panel.costSummary", Math.round(costs.reduce((x, y) => x + y, 0) / costs.length),
                  Math.max(...costs), costs.length)
      : "";
    box.append(el("p", { class: "kit-pg-cost" },
      cost !== null ? t("panel.cost", cost) : t("panel.costNone"), summary));
    const st = a.state || {};
    panel.ui.printed.replaceChildren();
    if (printed) {
      panel.ui.printed.append(el("p", {}, t("panel.printed")),
                              el("pre", { class: "kit-pg-out" }, annotate(printed, st.base || 0)));
    } else if (a.called) {
      panel.ui.printed.append(el("p", { class: "kit-pg-muted" }, t("panel.printedNone")));
    }
  }

  /* Which list (by name) each free block is on, from the glue's index. */
  function listsOf(st) {
    const on = new Map();
    if (st.tlsf) {
      const tl = st.tlsf;
      for (const [f, s, blocks] of tl.lists) {
        const lo = tl.low[f][s];
        const hi = s + 1 < tl.low[f].length ? tl.low[f][s + 1] : (f + 1 < tl.rows ? tl.low[f + 1][0] : tl.top);
        const name = t("index.listOf", f, s, lo, hi);
        for (const off of blocks) {
          on.set(off, { key: `${f},${s}`, name });
        }
      }
    } else if (st.freelist) {
      st.freelist.list.forEach((off) => on.set(off, { key: "free", name: t("list.free") }));
    } else if (st.membox) {
      st.membox.list.forEach((off) => on.set(off, { key: "free", name: t("list.free") }));
    }
    return on;
  }

  /* What the last call touched: the blocks that are not as they were. */
  function changes(prev, cur, ret) {
    const out = new Map();
    if (!prev || !prev.valid || !cur.valid) {
      return out;
    }
    const before = new Map(prev.blocks.map((b) => [b[0] + ":" + b[1] + ":" + b[2], b]));
    const prevOn = listsOf(prev);
    const curOn = listsOf(cur);
    for (const b of cur.blocks) {
      const [off, size, used] = b;
      const same = before.has(off + ":" + size + ":" + used);
      const covered = prev.blocks.filter((p) => p[0] < off + size && p[0] + p[1] > off);
      let kind = null;
      if (used && ret !== null && ret !== undefined && ret > off && ret < off + size && !same) {
        kind = covered.some((p) => p[0] === off && p[2]) ? "resized" : "taken";
      } else if (!same && used) {
        kind = "resized";
      } else if (!same && !used) {
        if (covered.length > 1) {
          kind = "merged";
        } else if (covered.length === 1 && covered[0][2] && covered[0][0] === off &&
                   covered[0][1] === size) {
          kind = "freed";
        } else {
          kind = "split";
        }
      }
      const onNow = curOn.get(off);
      const onBefore = prevOn.get(off);
      const filed = onNow && (!onBefore || onBefore.key !== onNow.key || !same) ? onNow : null;
      if (kind || filed) {
        out.set(off, { kind, filed, size });
      }
    }
    for (const [off, on] of prevOn) {
      const now = curOn.get(off);
      if (!now || now.key !== on.key) {
        if (!out.has(off)) {
          out.set(off, { kind: null, filed: null, size: 0 });
        }
        out.get(off).unfiled = on;
      }
    }
    return out;
  }

  function renderChanges(panel, touched) {
    const box = panel.ui.changes;
    box.replaceChildren();
    const st = panel.cur.answer.state;
    if (!st || !st.valid || !panel.prev) {
      return;
    }
    const items = [];
    for (const [off, c] of [...touched.entries()].sort((x, y) => x[0] - y[0])) {
      if (c.kind) {
        items.push(el("li", { class: "kit-pg-ch-" + c.kind }, t("change." + c.kind, off, c.size)));
      }
      if (c.unfiled) {
        items.push(el("li", {}, t("change.unfiled", c.unfiled.name, off)));
      }
      if (c.filed) {
        items.push(el("li", {}, t("change.filed", c.filed.name, off)));
      }
    }
    box.append(el("p", { class: "kit-pg-h" }, t("panel.changes")),
               items.length ? el("ul", {}, items) : el("p", { class: "kit-pg-muted" },
                                                        t("panel.changesNone")));
  }

  /* The pool to scale: rows of bytesPerRow bytes. */
  function renderMap(panel, touched) {
    const box = panel.ui.map;
    box.replaceChildren();
    const st = panel.cur.answer.state;
    if (!st) {
      return;
    }
    if (!st.valid) {
      box.append(el("p", { class: "kit-pg-note" }, t("panel.invalid")));
      return;
    }
    const bytes = st.bytes;
    const W = Math.max(280, Math.round(box.clientWidth || root.clientWidth || 700));
    const narrow = W < 520;
    let perRow = 128;
    while (bytes / perRow > (narrow ? 24 : 12)) {
      perRow *= 2;
    }
    const rows = Math.max(1, Math.ceil(bytes / perRow));
    const GUT = narrow ? 52 : 60;
    const RH = narrow ? 26 : 30;
    const GAP = 6;
    const hatch = "kit-pg-hatch-" + panel.uid;
    const scale = (W - GUT) / perRow;
    const height = rows * (RH + GAP);
    const map = svg("svg", { viewBox: `0 0 ${W} ${height}`, class: "kit-pg-svg",
                             role: "group", "aria-label": t("panel.map", bytes),
                             "data-scale": scale, tabindex: -1 },
      svg("defs", {}, hatchPattern(hatch)));
    for (let r = 0; r < rows; r++) {
      map.append(svg("text", { x: GUT - 6, y: r * (RH + GAP) + RH / 2 + 4, class: "kit-pg-axis",
                               "text-anchor": "end" }, "+" + r * perRow));
    }
    /* a byte range as rectangles, cut at the ends of rows */
    function pieces(start, len, cls, group) {
      let at = start;
      const end = Math.min(start + len, bytes);
      while (at < end) {
        const row = Math.floor(at / perRow);
        const stop = Math.min(end, (row + 1) * perRow);
        const control = cls === "kit-pg-f-control";
        group.append(svg("rect", { x: GUT + (at - row * perRow) * scale, y: row * (RH + GAP),
                                   width: Math.max(0.5, (stop - at) * scale), height: RH,
                                   class: control ? "kit-pg-f-ctl" : cls,
                                   fill: control ? `url(#${hatch})` : null }));
        at = stop;
      }
    }
    function outline(start, len, cls, group) {
      let at = start;
      const end = Math.min(start + len, bytes);
      while (at < end) {
        const row = Math.floor(at / perRow);
        const stop = Math.min(end, (row + 1) * perRow);
        group.append(svg("rect", { x: GUT + (at - row * perRow) * scale + 1, y: row * (RH + GAP) + 1,
                                   width: Math.max(0.5, (stop - at) * scale - 2), height: RH - 2,
                                   class: cls }));
        at = stop;
      }
    }
    const control = svg("g", { class: "kit-pg-ctl" },
                        svg("title", {}, t("block.control", st.control)));
    pieces(0, st.control, "kit-pg-f-control", control);
    map.append(control);
    const slots = new Map();
    for (const s of st.slots || []) {
      if (s[3]) {
        slots.set(s[1], s);
      }
    }
    const on = listsOf(st);
    const labels = [];
    for (const [off, size, used] of st.blocks) {
      const g = svg("g", { class: "kit-pg-block " + (used ? "kit-pg-used" : "kit-pg-free"),
                           "data-off": off, "data-size": size, "data-used": used });
      const hdr = st.hdr;
      pieces(off, hdr, "kit-pg-f-control", g);
      let label;
      if (used) {
        const slot = [...slots.values()].find((s) => s[1] > off && s[1] < off + size);
        if (slot) {
          const p = slot[1];
          pieces(off + hdr, p - off - hdr, "kit-pg-f-slack", g);
          pieces(p, Math.min(slot[2], off + size - p), "kit-pg-f-asked", g);
          pieces(p + slot[2], off + size - p - slot[2], "kit-pg-f-slack", g);
          g.setAttribute("data-id", slot[0]);
          g.setAttribute("tabindex", "0");
          g.setAttribute("role", "button");
          label = t("block.used", slot[0], off, size, slot[2]);
          g.addEventListener("click", () => call(`f ${slot[0]}`));
          g.addEventListener("keydown", (event) => {
            if (event.key === "Enter" || event.key === " ") {
              event.preventDefault();
              call(`f ${slot[0]}`);
            }
          });
          labels.push([off, size, "#" + slot[0]]);
        } else {
          pieces(off + hdr, size - hdr, "kit-pg-f-slack", g);
          label = t("block.usedNoId", off, size);
        }
      } else {
        pieces(off + hdr, size - hdr, "kit-pg-f-free", g);
        label = t("block.free", off, size);
        if (on.has(off)) {
          label += "; " + t("block.on", on.get(off).name);
        }
      }
      outline(off, size, "kit-pg-edge", g);
      const c = touched.get(off);
      if (c && (c.kind || c.filed)) {
        outline(off, size, "kit-pg-touched" + (c.kind === "split" || c.kind === "merged" ? " kit-pg-dashed" : ""), g);
        g.classList.add("kit-pg-is-touched");
      }
      g.setAttribute("aria-label", label);
      g.prepend(svg("title", {}, label));
      map.append(g);
    }
    const tail = svg("g", { class: "kit-pg-tail" }, svg("title", {}, t("block.tail", bytes - st.end)));
    pieces(st.end, bytes - st.end, "kit-pg-f-control", tail);
    map.append(tail);
    for (const [off, size, text] of labels) {
      /* on the widest piece of the block */
      let best = null;
      for (let at = off; at < off + size;) {
        const row = Math.floor(at / perRow);
        const stop = Math.min(off + size, (row + 1) * perRow);
        if (!best || stop - at > best[2]) {
          best = [row, at, stop - at];
        }
        at = stop;
      }
      const [row, at, len] = best;
      if (len * scale >= text.length * 8 + 6) {
        map.append(svg("text", { x: GUT + (at - row * perRow + len / 2) * scale,
                                 y: row * (RH + GAP) + RH / 2 + 4, class: "kit-pg-label",
                                 "text-anchor": "middle", "aria-hidden": "true" }, text));
      }
    }
    box.append(map);
  }

  function renderFigures(panel) {
    const box = panel.ui.figures;
    box.replaceChildren();
    const st = panel.cur.answer.state;
    if (!st || !st.valid) {
      return;
    }
    const dl = el("dl", {});
    const item = (term, value, cls) =>
      dl.append(el("div", {}, el("dt", {}, term), el("dd", { class: cls || "" }, el("strong", {}, value))));
    for (const [name, value] of Object.entries(st.stats)) {
      item([el("code", {}, name), " ", t("stat." + name)], String(value));
    }
    item(t("panel.live"), String(st.live));
    item(t("panel.util"), (st.bytes ? (100 * st.live / st.bytes).toFixed(1) : "0") + " %");
    item(t("panel.check"), st.check ? "NOK" : "OK", st.check ? "kit-pg-refused" : "");
    box.append(el("p", { class: "kit-pg-h" }, t("panel.figures")), dl);
  }

  function chip(text, cls) {
    return el("span", { class: "kit-pg-chip " + (cls || "") }, text);
  }

  function renderIndex(panel, touched) {
    const box = panel.ui.index;
    box.replaceChildren();
    const st = panel.cur.answer.state;
    if (!st || !st.valid) {
      return;
    }
    const size = new Map(st.blocks.map((b) => [b[0], b[1]]));
    const mark = (off) => (touched.has(off) && touched.get(off).filed ? "kit-pg-chip-touched" : "");
    box.append(el("p", { class: "kit-pg-h" }, t("panel.index")));
    /* a list of blocks in list order, as chips */
    const chain = (title, offsets, text, after) => {
      const list = el("p", { class: "kit-pg-list" });
      list.append(el("span", { class: "kit-pg-muted" }, title + ": "));
      if (offsets.length === 0) {
        list.append(t("index.empty"));
      }
      offsets.forEach((off, i) => {
        list.append(i ? " → " : "", chip(text(off), mark(off)), after(off));
      });
      box.append(list);
    };
    if (st.freelist) {
      chain(t("index.freelist"), st.freelist.list, (off) => `+${off} (${size.get(off)})`,
            (off) => (st.freelist.rover === off
              ? el("span", { class: "kit-pg-rover" }, " ⟲ " + t("index.rover")) : ""));
    } else if (st.membox) {
      chain(t("index.membox"), st.membox.list,
            (off) => String((off - st.control) / st.stats.blkSize), () => "");
    } else if (st.tlsf) {
      box.append(renderBitmaps(st, size, touched));
    }
  }

  function renderBitmaps(st, size, touched) {
    const tl = st.tlsf;
    const lists = tl.low[0].length;
    const wrap = el("div", { class: "kit-pg-tlsf" });
    wrap.append(el("p", {}, t("index.tlsf", lists)));
    const members = new Map(tl.lists.map(([f, s, blocks]) => [`${f},${s}`, blocks]));
    const touchedLists = new Set();
    for (const c of touched.values()) {
      if (c.filed) {
        touchedLists.add(c.filed.key);
      }
      if (c.unfiled) {
        touchedLists.add(c.unfiled.key);
      }
    }
    const table = el("table", { class: "kit-pg-bits" });
    table.append(el("caption", {},
      el("code", {}, `${t("index.flBitmap")} = ${hex(tl.fl, tl.rows)}`)));
    const head = el("tr", {}, el("th", { scope: "col" }, t("index.row", "f")),
                    el("th", { scope: "col" }, "fl"));
    for (let s = 0; s < lists; s++) {
      head.append(el("th", { scope: "col" }, String(s)));
    }
    head.append(el("th", { scope: "col", class: "kit-pg-sizes" }, t("index.sizes")));
    table.append(el("thead", {}, head));
    const body = el("tbody", {});
    for (let f = 0; f < tl.rows; f++) {
      const rowBit = (tl.fl >>> f) & 1;
      const hi = f + 1 < tl.rows ? tl.low[f + 1][0] : tl.top;
      const tr = el("tr", {},
        el("th", { scope: "row", title: t("index.slBitmap", f) + " = " + hex(tl.sl[f], lists) }, String(f)),
        el("td", { class: "kit-pg-bit" + (rowBit ? " kit-pg-set" : ""), "data-row": f,
                   "data-bit": rowBit }, String(rowBit)));
      for (let s = 0; s < lists; s++) {
        const bit = (tl.sl[f] >>> s) & 1;
        const lo = tl.low[f][s];
        const top = s + 1 < lists ? tl.low[f][s + 1] : hi;
        const key = `${f},${s}`;
        const blocks = members.get(key) || [];
        const cell = el("td", {
          class: "kit-pg-bit" + (bit ? " kit-pg-set" : "") + (touchedLists.has(key) ? " kit-pg-cell-touched" : ""),
          title: t("index.listOf", f, s, lo, top) + (blocks.length ? ": " + blocks.map((o) => "+" + o).join(", ") : ""),
          "data-f": f, "data-s": s, "data-bit": bit,
        }, String(bit));
        tr.append(cell);
      }
      tr.append(el("td", { class: "kit-pg-sizes" }, `[${tl.low[f][0]}, ${hi})`));
      body.append(tr);
    }
    table.append(body);
    wrap.append(el("div", { class: "kit-pg-scroll" }, table));
    const ul = el("ul", { class: "kit-pg-lists" });
    for (const [f, s, blocks] of tl.lists) {
      const lo = tl.low[f][s];
      const hi = s + 1 < lists ? tl.low[f][s + 1] : (f + 1 < tl.rows ? tl.low[f + 1][0] : tl.top);
      const li = el("li", {}, el("code", {}, t("index.listOf", f, s, lo, hi)), ": ");
      blocks.forEach((off, i) => {
        if (i) {
          li.append(" → ");
        }
        const c = touched.get(off);
        li.append(chip(`+${off} (${size.get(off)})`, c && c.filed ? "kit-pg-chip-touched" : ""));
      });
      ul.append(li);
    }
    wrap.append(el("p", { class: "kit-pg-h" }, t("index.lists")),
                tl.lists.length ? ul : el("p", { class: "kit-pg-muted" }, t("index.noLists")));
    return wrap;
  }

  /* ---------------------------------------------------------- charts */

  const LINES = ["kit-pg-line0", "kit-pg-line1", "kit-pg-line2"];

  function chart(title, pick, fixedMax) {
    const W = Math.max(280, Math.round(ui.charts.clientWidth || root.clientWidth || 700));
    const H = 170;
    const L = 60;
    const B = 22;
    const n = model.ops.length;
    const values = panels.map((p) => p.series.map(pick));
    let max = fixedMax || 0;
    for (const v of values) {
      for (const x of v) {
        if (x !== null && x > max) {
          max = x;
        }
      }
    }
    max = max || 1;
    const xOf = (i) => L + (n ? (i / n) * (W - L - 10) : 0);
    const yOf = (v) => 8 + (H - B - 8) * (1 - v / max);
    const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "kit-pg-chart", role: "img",
                           "aria-label": title });
    g.append(svg("line", { x1: L, y1: yOf(0), x2: W - 10, y2: yOf(0), class: "kit-pg-axisline" }),
             svg("line", { x1: L, y1: 8, x2: L, y2: yOf(0), class: "kit-pg-axisline" }),
             svg("text", { x: L - 6, y: 14, "text-anchor": "end", class: "kit-pg-axis" }, String(max)),
             svg("text", { x: L - 6, y: yOf(0), "text-anchor": "end", class: "kit-pg-axis" }, "0"),
             svg("text", { x: W - 10, y: H - 4, "text-anchor": "end", class: "kit-pg-axis" }, String(n)));
    values.forEach((v, k) => {
      let d = "";
      v.forEach((x, i) => {
        if (x !== null) {
          d += (d ? "L" : "M") + xOf(i).toFixed(1) + " " + yOf(x).toFixed(1);
        }
      });
      g.append(svg("path", { d, class: "kit-pg-line " + LINES[k] }));
      panels[k].series.forEach((p, i) => {
        if (p.failed) {
          g.append(svg("path", { d: `M${xOf(i)} ${H - B + 3}l-4 8h8z`, class: "kit-pg-fail " + LINES[k] },
                       svg("title", {}, t("chart.failed"))));
        }
      });
    });
    g.append(svg("line", { x1: xOf(model.pos), y1: 4, x2: xOf(model.pos), y2: H - B,
                           class: "kit-pg-cursor" }));
    g.addEventListener("click", (event) => {
      const box = g.getBoundingClientRect();
      const x = ((event.clientX - box.left) / box.width) * W;
      stop();
      go(Math.round(((x - L) / (W - L - 10)) * n));
    });
    return el("figure", { class: "kit-pg-figure" }, el("figcaption", {}, title), g);
  }

  function renderCharts() {
    ui.charts.replaceChildren();
    if (model.ops.length < 2) {
      return;
    }
    const legend = el("ul", { class: "kit-pg-legend" },
      panels.map((p, k) => el("li", {},
        svg("svg", { viewBox: "0 0 30 10", class: "kit-pg-key", "aria-hidden": "true" },
            svg("line", { x1: 0, y1: 5, x2: 30, y2: 5, class: "kit-pg-line " + LINES[k] })),
        t("short." + p.kind))));
    ui.charts.append(legend,
      chart(t("chart.largest"), (p) => p.largest, model.pool),
      chart(t("chart.cost"), (p) => p.cost),
      el("p", { class: "kit-pg-muted" }, t("chart.jump")));
  }

  /* ---------------------------------------------------------- render */

  function render() {
    const n = model.ops.length;
    ui.stepText.textContent = t("ui.step", model.pos, n);
    ui.next.textContent = model.pos < n ? model.ops[model.pos] : t("ui.nextNone");
    ui.traceNote.textContent = model.traceNote;
    ui.pool.value = model.pool;
    ui.blk.value = model.blk;
    ui.blkField.hidden = !model.kinds.includes("membox");
    ui.speed.value = String(model.speed);
    for (const panel of panels) {
      const st = panel.cur.answer.state;
      const prev = panel.prev && panel.prev.answer.state;
      const touched = st ? changes(prev, st, panel.cur.answer.ret) : new Map();
      renderCall(panel);
      renderMap(panel, touched);
      renderChanges(panel, touched);
      renderFigures(panel);
      renderIndex(panel, touched);
    }
    renderCharts();
    const first = panels[0] && panels[0].cur.answer;
    if (first) {
      const ret = describeReturn(first);
      ui.live.textContent = t("live.step", model.pos,
                              (first.call || first.op) + (ret !== null ? " → " + ret : ""));
    }
    root.setAttribute("data-step", String(model.pos));
    root.setAttribute("data-ready", "1");
  }

  /* ---------------------------------------------------------- theme */

  /* Dark or light as the page around the playground is, whatever made it
   * so (the theme's switch, or the reader's setting). */
  function followTheme() {
    let rgb = [255, 255, 255]; /* a page with no background of its own is white */
    for (let node = root; node && node.nodeType === 1; node = node.parentNode) {
      const parts = (getComputedStyle(node).backgroundColor.match(/[\d.]+/g) || []).map(Number);
      if (parts.length >= 3 && (parts.length === 3 || parts[3] > 0)) {
        rgb = parts;
        break;
      }
    }
    const light = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
    root.classList.toggle("kit-pg-dark", light < 128);
  }

  /* ---------------------------------------------------------- start */

  async function start() {
    try {
      wasmModule = await KitPgRuntime.compile(KitPgData.wasm);
      buildControls();
      document.addEventListener("keydown", onKey);
      followTheme();
      new MutationObserver(followTheme).observe(document.body,
                                                { attributes: true, attributeFilter: ["data-theme", "class"] });
      if (window.matchMedia) {
        const media = window.matchMedia("(prefers-color-scheme: dark)");
        if (media.addEventListener) {
          media.addEventListener("change", followTheme);
        }
      }
      let width = root.clientWidth;
      let pending = null;
      window.addEventListener("resize", () => {
        clearTimeout(pending);
        pending = setTimeout(() => {
          if (root.clientWidth !== width) {
            width = root.clientWidth;
            render();
          }
        }, 150);
      });
      window.addEventListener("hashchange", () => {
        if (location.hash !== "#" + currentHash()) {
          applyHash();
        }
      });
      await applyHash();
      for (const node of document.querySelectorAll(".kit-pg-fallback")) {
        node.hidden = true;
      }
    } catch (err) {
      root.append(el("p", { class: "kit-pg-note" }, t("error.load", err && err.message)));
      throw err;
    }
  }

  /* The browser test reads the module's own answers through this. */
  window.KitPlayground = {
    state: (k) => panels[k || 0] && panels[k || 0].cur.answer.state,
    step: () => model.pos,
    steps: () => model.ops.length,
    ops: () => model.ops.slice(),
  };

  start();
})();
