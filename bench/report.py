"""The printed result of a run: tables, ratios and the targets of the issue."""

from dataclasses import dataclass

from bench.admission import FORMATIONS, Result
from bench.events import Events
from bench.memory import IdleStack
from bench.throughput import Chains


@dataclass(frozen=True)
class Target:
    what: str
    found: str
    met: bool


def admission(
    results: dict[str, Result], seconds: float, rounds: int, pool: int
) -> list[str]:
    lines = [
        f"ContinueDeployStack admission: wrk, 1 thread, 8 connections, {rounds} "
        f"rounds of {seconds:g}s per server, medians",
        f"  {'server':<26} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'web CPU':>8} {'redis':>6} {'wrk':>6} {'others':>7}  (CPU ms/request)",
    ]
    for name, r in results.items():
        lines.append(
            f"  {name:<26} {r.rate:7.0f} {r.p50_ms:7.2f} {r.p99_ms:7.2f} "
            f"{r.cpu_ms('server'):8.3f} {r.cpu_ms('redis'):6.3f} "
            f"{r.cpu_ms('client'):6.3f} {r.cpu_ms('other'):7.3f}"
        )
    cost = _cost(results["formation"]) / _cost(results["naive"])
    lines.append(
        f"  CPU per request (web + redis), formation / naive: {cost:.2f}x "
        "(steadier than req/s on a shared machine)"
    )
    lines.append(
        "  runs made per counted run (one gunicorn worker took every connection "
        "in the others): "
        + "; ".join(
            f"{name} " + " ".join(str(run.tries) for run in r.runs)
            for name, r in results.items()
        )
    )
    spent = [
        name
        for name, r in results.items()
        if name in FORMATIONS and any(run.requests >= 0.99 * pool for run in r.runs)
    ]
    if spent:
        lines.append(
            f"  WARNING: {', '.join(spent)} answered all {pool} seeded stacks before "
            f"the run's end: its req/s is a floor (raise --pool above "
            f"{seconds:g} s x the rate)"
        )
    lines.append(
        "  req/s of each round: "
        + "; ".join(
            f"{name} " + " ".join(f"{run.rate:.0f}" for run in r.runs)
            for name, r in results.items()
        )
    )
    return lines


def _cost(result: Result) -> float:
    return result.cpu_ms("server") + result.cpu_ms("redis")


def workers(chains: Chains, sleeping: dict[int, float]) -> list[str]:
    lines = [
        "Workers (2 pool processes for the chains; time_sleep steps of 0.5 s)",
        f"  200 no-op steps, Formation: {chains.formation_rate:6.1f} steps/s "
        f"({1000 / chains.formation_rate:.2f} ms/step; runs "
        + " ".join(f"{r:.0f}" for r in chains.formation)
        + ")",
        f"  200 no-op tasks, bare chain: {chains.bare_rate:6.1f} steps/s "
        f"({1000 / chains.bare_rate:.2f} ms/step; runs "
        + " ".join(f"{r:.0f}" for r in chains.bare)
        + ")",
    ]
    lines += [
        f"  time_sleep steps, {count} process{'es' if count > 1 else ''}: "
        f"{rate:5.2f} steps/s ({rate / sleeping[1]:.2f}x one process)"
        for count, rate in sleeping.items()
    ]
    return lines


def events(found: Events) -> list[str]:
    rows = [
        ("100 events, first page", found.short_first),
        ("100,000 events, first page", found.long_first),
        ("100,000 events, middle page (marker)", found.long_middle),
        ("100,000 events, filter matching none", found.long_filtered),
    ]
    lines = ["ListStackEvents, limit=100 (sequential requests, wall time)"]
    lines += [
        f"  {what:<38} median {t.median_ms:8.2f} ms  p99 {t.p99_ms:8.2f} ms  "
        f"({t.events} events)"
        for what, t in rows
    ]
    lines.append(
        f"  Redis per event: {found.stream_bytes_per_event:.0f} B (MEMORY USAGE of "
        f"the stream / XLEN), {found.used_bytes_per_event:.0f} B (used_memory growth)"
    )
    return lines


def memory(idle: IdleStack) -> list[str]:
    parts = ", ".join(f"{k} {v}" for k, v in idle.by_key.items())
    return [
        "Redis per idle stack (3 resources, 2 outputs, one complete deployment)",
        f"  used_memory growth {idle.used_bytes:.0f} B; its keys {idle.key_bytes:.0f} "
        f"B, of which the request record (expires after a day) "
        f"{idle.request_bytes:.0f} B",
        f"  one stack's keys, bytes: {parts}",
    ]


def targets(
    results: dict[str, Result],
    chains: Chains,
    sleeping: dict[int, float],
    found: Events,
) -> list[Target]:
    formation, naive, hello = (results[n] for n in ("formation", "naive", "hello"))
    slowest = max(found.long_first.median_ms, found.long_middle.median_ms)
    per_event = max(found.stream_bytes_per_event, found.used_bytes_per_event)
    checks = [
        ("admission req/s >= 1.2x naive", formation.rate / naive.rate, 1.2, "x"),
        ("admission req/s >= 30 % of hello", formation.rate / hello.rate, 0.3, "x"),
        ("4 processes >= 3x one on time_sleep", sleeping[4] / sleeping[1], 3, "x"),
    ]
    found_targets = [
        Target(w, f"{v:.2f}{unit}", v >= need) for w, v, need, unit in checks
    ]
    found_targets += [
        Target(
            "admission p99 <= naive p99",
            f"{formation.p99_ms:.1f} ms vs {naive.p99_ms:.1f} ms",
            formation.p99_ms <= naive.p99_ms,
        ),
        Target(
            "per-step time <= 1.5x bare chain",
            f"{chains.overhead:.2f}x",
            chains.overhead <= 1.5,
        ),
        Target(
            "100,000-event page <= 1.5x 100-event page",
            f"{slowest / found.short_first.median_ms:.2f}x",
            slowest <= 1.5 * found.short_first.median_ms,
        ),
        Target("<= 300 B of Redis per event", f"{per_event:.0f} B", per_event <= 300),
    ]
    return found_targets


def verdicts(found: list[Target]) -> list[str]:
    lines = ["Targets"]
    lines += [
        f"  {'met   ' if t.met else 'MISSED'} {t.what:<44} {t.found}" for t in found
    ]
    return lines
