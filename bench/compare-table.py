"""Prints bench/compare.sh's tables from the figures it wrote (its folder is the only argument): the rates with
their ratios to the original's, then the CPU seconds each load cost the server and its clients where both were
measured (the original under its load generator, wsfile under its streaming protocol), then the latency of a small
file on each of wsfile's servers."""
import json
import re
import sys
from pathlib import Path

out = Path(sys.argv[1])
labels = ["100 MB → 1", "100 MB → 10", "1 MB × 100 → 10", "10 KB × 1000 → 10"]


def loadgen_runs(name):
    """The load generator's report per load."""
    return [json.loads(line) for line in (out / name).read_text().splitlines()]


def loadgen(name):
    """A load generator's figure per load: files/s for many files, MB/s delivered for one."""
    figures = []
    for run in loadgen_runs(name):
        run = run.get("loadgen", run)
        figures.append(None if not run.get("all_ok") else
                       run["files_per_s"] if run.get("files", 1) > 1 else run["MBps_payload"])
    return figures


def relay_benchmark_rows(name):
    """RelayBenchmark's table, its cells by load."""
    rows = {}
    for line in (out / name).read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if cells[0] in labels:
            rows[cells[0]] = cells
    return [rows.get(label) for label in labels]


def relay_benchmark(name):
    """RelayBenchmark's figure per load: files/s for many files, MB/s delivered for one."""
    return [None if cells is None else float(cells[1]) if "×" in label else float(cells[3])
            for label, cells in zip(labels, relay_benchmark_rows(name))]


def cpu(server, clients):
    return "?" if server is None or clients is None else f"{float(server):.2f} + {float(clients):.2f}"


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

streaming = [("Payara, streaming", "payara-streaming.md"), ("Payara, streaming, own WebSocket", "payara-own-streaming.md"),
             ("WildFly, streaming", "wildfly-streaming.md")]
print()
print("CPU seconds per load, server + clients (the original's server under the Node load generator; wsfile under its"
      " Java client, a sender and receivers that check every file's SHA-256 before they confirm it):")
print()
print("| load (1 sender) | original | " + " | ".join(name for name, _ in streaming) + " |")
print("| --- | ---: | " + " | ".join("---:" for _ in streaming) + " |")
original_runs = loadgen_runs("original.jsonl")
streaming_rows = [relay_benchmark_rows(file) for _, file in streaming]
for i, label in enumerate(labels):
    run = original_runs[i]
    print(f"| {label} | {cpu(run.get('server_cpu_s'), run.get('client_cpu_s'))} | "
          + " | ".join("?" if rows[i] is None else cpu(rows[i][4], rows[i][5]) for rows in streaming_rows) + " |")

print()
print("Latency on the idle server, wsfile's Java client: one 10 KB file at a time to 10 receivers, from sending to the"
      " last receiver having it whole (median / p99 / slowest, 200 files):")
print()
for name, file in streaming:
    found = re.search(r"median (\d+) ms, p99 (\d+) ms, slowest (\d+) ms", (out / file).read_text())
    print(f"- {name}: " + ("not measured" if found is None else " / ".join(found.groups()) + " ms"))
