"""The benchmark: ``python bench/run.py`` (or ``make bench``); see BENCHMARKS.md."""
