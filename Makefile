.PHONY: help fmt lint typecheck test fuzz dev bench
help:  ## list the targets
	@grep -E '^[a-z]+:.*##' Makefile | sed 's/:.*##/\t/'
fmt:  ## format the code
	.venv/bin/ruff format . && .venv/bin/ruff check --fix .
lint:  ## lint the code
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
typecheck:  ## mypy --strict on app, workers and formation
	.venv/bin/mypy
test:  ## run every test
	bin/test
fuzz:  ## schemathesis against a live Formation and its /openapi.json
	.venv/bin/python -m tests.fuzz
dev:  ## run the whole system and the demo
	bin/run
bench:  ## benchmark against bare baselines, about 5 minutes (needs wrk)
	bin/setup dev && .venv/bin/python bench/run.py
