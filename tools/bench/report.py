"""The performance chapter's tables and plots, from the benchmark's results.

Called by bench.py. Writes into docs/performance/:

    table-NAME.LANG.csv                the chapter's tables (summary, front,
                                       sweep-alloc, host), one file per
                                       language, its first row the header in
                                       that language; conf.py's kit-table
                                       directive makes each an HTML table, so
                                       no number enters a translation catalog
    sweep.LANG.svg, cost.LANG.svg, util.LANG.svg
                                       plots, one per language, with their text
                                       as text; Sphinx picks the file of the
                                       build's language

Chinese labels need a CJK font (Debian's fonts-noto-cjk).
"""
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, NullFormatter  # noqa: E402

LANGS = ("en", "zh_CN")
TEXT = {
    "en": {
        "pool": "pool size (bytes)", "instr": "instructions (Cortex-M3)",
        "sweep_alloc": "worst-case alloc", "sweep_free": "worst-case free",
        "cost_title": "instructions per operation, all traces, 1 MiB pool",
        "alloc_mean": "alloc mean", "alloc_max": "alloc worst",
        "free_mean": "free mean", "free_max": "free worst",
        "util": "utilization (peak live / smallest pool)", "util_title": "utilization per trace",
    },
    "zh_CN": {
        "pool": "内存池大小（字节）", "instr": "指令数（Cortex-M3）",
        "sweep_alloc": "最坏情况下的分配", "sweep_free": "最坏情况下的释放",
        "cost_title": "每次操作的指令数（全部跟踪，1 MiB 内存池）",
        "alloc_mean": "分配平均", "alloc_max": "分配最坏",
        "free_mean": "释放平均", "free_max": "释放最坏",
        "util": "利用率（峰值在用字节 / 最小可用内存池）", "util_title": "各跟踪的利用率",
    },
}
# Matplotlib sees the first face of Debian's Noto CJK collection, named JP;
# it holds the simplified Chinese characters too.
FONT = {"en": ["DejaVu Sans"], "zh_CN": ["Noto Sans CJK JP", "DejaVu Sans"]}


def _num(x, spec="{:.0f}"):
    return "" if x is None or x != x else spec.format(x)


HEADERS = {
    "summary": {
        "en": ["allocator", "alloc\nmean", "alloc\nworst", "free\nmean", "free\nworst",
               "realloc\nworst", "probe alloc\n16 KiB", "probe alloc\n4 MiB",
               "probe free\n16 KiB", "probe free\n4 MiB", "utilization", "overhead\nper block"],
        "zh_CN": ["分配器", "分配\n平均", "分配\n最坏", "释放\n平均", "释放\n最坏",
                  "realloc\n最坏", "探针分配\n16 KiB", "探针分配\n4 MiB", "探针释放\n16 KiB",
                  "探针释放\n4 MiB", "利用率", "每块\n开销"],
    },
    "front": {
        "en": ["allocator", "8 KiB pool", "64 KiB pool", "4 MiB pool"],
        "zh_CN": ["分配器", "8 KiB 内存池", "64 KiB 内存池", "4 MiB 内存池"],
    },
    "host": {
        "en": ["allocator", "instructions per call", "million calls per second"],
        "zh_CN": ["分配器", "每次调用的指令数", "每秒百万次调用"],
    },
}


def tables(variants, results, rows):
    """The chapter's tables: name -> (header names per language, rows of text)."""
    summary, front = [], []
    for s in rows:
        sa, sf = s["sweep_alloc"], s["sweep_free"]
        summary.append([s["allocator"], _num(s["alloc_mean"], "{:.1f}"), s["alloc_max"],
                        _num(s["free_mean"], "{:.1f}"), s["free_max"], _num(s["realloc_max"]),
                        sa.get(16384, ""), sa.get(4194304, ""), sf.get(16384, ""),
                        sf.get(4194304, ""), _num(s["util"], "{:.2f}"), _num(s["overhead"])])
        if s["front"]:
            front.append([s["allocator"]] + [s["front"].get(z, "") for z in (8192, 65536, 4194304)])
    sizes = sorted({size for v in variants for size, *_ in results[v]["sweep"]})
    size_names = [f"{z // 1024} KiB" if z < 1 << 20 else f"{z >> 20} MiB" for z in sizes]
    sweep = [[s["allocator"]] + [s["sweep_alloc"].get(z, "") for z in sizes]
             for s in rows if s["sweep_alloc"]]
    host = [[s["allocator"], _num(s["host_ir"]),
             _num(s["host_ops"] / 1e6 if s["host_ops"] else None, "{:.1f}")] for s in rows]
    out = {name: (HEADERS[name], body) for name, body in
           (("summary", summary), ("front", front), ("host", host))}
    out["sweep-alloc"] = ({"en": ["allocator"] + size_names,
                           "zh_CN": ["分配器"] + size_names}, sweep)
    return out


def table_csvs(outdir, tabs):
    """Each table once per language: the header in that language, the numbers
    the same."""
    import csv

    for name, (headers, body) in tabs.items():
        for lang in LANGS:
            with open(os.path.join(outdir, f"table-{name}.{lang}.csv"), "w", newline="",
                      encoding="utf-8") as f:
                out = csv.writer(f, lineterminator="\n")
                out.writerow([h.replace("\n", " ") for h in headers[lang]])
                out.writerows([[str(c) for c in row] for row in body])


def _size_label(v, _):
    v = int(round(v))
    if v >= 1 << 20:
        return f"{v >> 20} MiB"
    return f"{v >> 10} KiB" if v >= 1024 else str(v)


# Lines that lie on top of each other stay apart: each allocator has its own
# marker, dash and marker size (the later ones smaller, drawn above).
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]
DASHES = ["-", "--", "-.", ":"]


def _style(plt_):
    plt_.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, searchable
    plt_.rcParams["svg.hashsalt"] = "kit"
    plt_.rcParams["axes.unicode_minus"] = False
    plt_.rcParams["font.size"] = 12
    plt_.rcParams["legend.fontsize"] = 11
    plt_.rcParams["xtick.labelsize"] = 11
    plt_.rcParams["ytick.labelsize"] = 11


def plots(outdir, variants, results, traces, rows):
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    color = {v: cycle[i % len(cycle)] for i, v in enumerate(variants)}
    for lang in LANGS:
        t = TEXT[lang]
        plt.rcParams["font.family"] = FONT[lang]
        _style(plt)

        fig, axes = plt.subplots(2, 1, figsize=(7.5, 9))
        for ax, key, title in ((axes[0], "sweep_alloc", t["sweep_alloc"]),
                               (axes[1], "sweep_free", t["sweep_free"])):
            for i, s in enumerate(r for r in rows if r[key]):
                d = s[key]
                xs = sorted(d)
                ax.plot(xs, [max(d[x], 1) for x in xs], label=s["allocator"],
                        color=color[s["allocator"]], marker=MARKERS[i % len(MARKERS)],
                        linestyle=DASHES[i % len(DASHES)], markersize=max(11 - 1.2 * i, 4),
                        markerfacecolor="none" if i % 2 else color[s["allocator"]],
                        linewidth=1.6, zorder=2 + i)
            ax.set_xscale("log", base=2)
            ax.set_yscale("log")
            # Plain labels: the superscripts of 10^n would be drawn below 11 px.
            ax.xaxis.set_major_formatter(FuncFormatter(_size_label))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
            ax.yaxis.set_minor_formatter(NullFormatter())
            ax.set_xlabel(t["pool"])
            ax.set_ylabel(t["instr"])
            ax.set_title(title)
            ax.grid(True, which="both", alpha=0.3)
        handles = {h.get_label(): h for ax in axes for h in ax.get_lines()}
        fig.legend(handles.values(), handles.keys(), loc="lower center", ncol=3)
        fig.tight_layout(rect=(0, 0.1, 1, 1))
        fig.savefig(os.path.join(outdir, f"sweep.{lang}.svg"), metadata={"Date": None})
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(7.5, 5))
        keys = ("alloc_mean", "alloc_max", "free_mean", "free_max")
        hatches = ("", "//", "", "//")
        width = 0.8 / len(keys)
        for i, key in enumerate(keys):
            ax.bar([j + i * width for j in range(len(rows))],
                   [max(s[key] or 0, 0.5) for s in rows], width, label=t[key], hatch=hatches[i],
                   edgecolor="white" if not hatches[i] else "#333333", linewidth=0.5)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(rows))])
        ax.set_xticklabels([s["allocator"] for s in rows], rotation=30, ha="right")
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.set_ylabel(t["instr"])
        ax.set_title(t["cost_title"])
        ax.legend(ncol=2)
        ax.grid(True, axis="y", which="both", alpha=0.3)
        fig.tight_layout()
        fig.savefig(os.path.join(outdir, f"cost.{lang}.svg"), metadata={"Date": None})
        plt.close(fig)

        names = sorted({t for v in variants for t, _, _ in results[v]["util"]})
        own = [v for v in variants if results[v]["util"]]
        fig, ax = plt.subplots(figsize=(7.5, 5.5))
        width = 0.8 / max(len(own), 1)
        for i, v in enumerate(own):
            util = {t: u for t, _, u in results[v]["util"]}
            ax.bar([j + i * width for j in range(len(names))],
                   [util.get(n) or 0 for n in names], width, label=v, color=color[v])
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(names))])
        ax.set_xticklabels(names, rotation=30, ha="right")
        ax.set_ylim(0, 1)
        ax.set_ylabel(t["util"])
        ax.set_title(t["util_title"])
        fig.legend(loc="lower center", ncol=3)
        ax.grid(True, axis="y", alpha=0.3)
        fig.tight_layout(rect=(0, 0.14, 1, 1))
        fig.savefig(os.path.join(outdir, f"util.{lang}.svg"), metadata={"Date": None})
        plt.close(fig)


def rst_tables(path, tabs):
    """The same tables as reStructuredText list-tables (English headers), for
    readers who want the numbers as text or to paste them into a report."""
    lines = []
    for name, (headers, body) in tabs.items():
        lines += [f".. list-table:: {name}", "   :header-rows: 1", ""]
        for row in [headers["en"]] + body:
            cells = [str(c).replace("\n", " ") or "--" for c in row]
            lines.append(f"   * - {cells[0]}")
            lines += [f"     - {c}" for c in cells[1:]]
        lines.append("")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))


def write(outdir, variants, results, traces, rows, rst_path):
    os.makedirs(outdir, exist_ok=True)
    tabs = tables(variants, results, rows)
    table_csvs(outdir, tabs)
    rst_tables(rst_path, tabs)
    plots(outdir, variants, results, traces, rows)
