"""Prints bench/compare.sh's table from the figures it wrote (its folder is the only argument)."""
import json
import sys
from pathlib import Path

out = Path(sys.argv[1])
labels = ["100 MB → 1", "100 MB → 10", "1 MB × 100 → 10", "10 KB × 1000 → 10"]


def loadgen(name):
    """A load generator's figure per load: files/s for many files, MB/s delivered for one."""
    figures = []
    for line in (out / name).read_text().splitlines():
        run = json.loads(line)
        run = run.get("loadgen", run)
        figures.append(None if not run.get("all_ok") else
                       run["files_per_s"] if run.get("files", 1) > 1 else run["MBps_payload"])
    return figures


def relay_benchmark(name):
    """RelayBenchmark's figure per load, from its table: files/s for many files, MB/s delivered for one."""
    rows = {}
    for line in (out / name).read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] in labels:
            rows[cells[0]] = float(cells[1]) if "×" in cells[0] else float(cells[3])
    return [rows.get(label) for label in labels]


original = loadgen("original.jsonl")
columns = [("Payara, original protocol", loadgen("payara-original-protocol.jsonl")),
           ("WildFly, original protocol", loadgen("wildfly-original-protocol.jsonl")),
           ("Payara, streaming", relay_benchmark("payara-streaming.md")),
           ("Payara, streaming, own WebSocket", relay_benchmark("payara-own-streaming.md")),
           ("WildFly, streaming", relay_benchmark("wildfly-streaming.md"))]


def cell(figure, base):
    if figure is None:
        return "failed"
    return f"{figure:.0f} ({figure / base:.2f}×)" if base else f"{figure:.0f}"


print("| load (1 sender) | unit | original | " + " | ".join(name for name, _ in columns) + " |")
print("| --- | --- | ---: | " + " | ".join("---:" for _ in columns) + " |")
for i, label in enumerate(labels):
    unit = "files/s" if "×" in label else "MB/s delivered"
    base = original[i]
    print(f"| {label} | {unit} | {'failed' if base is None else f'{base:.0f}'} | "
          + " | ".join(cell(figures[i], base) for _, figures in columns) + " |")
