# The few commands people type. `make run` and `make test` set up everything they need.

PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9

export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

# The test suite uses the real PostgreSQL and Redis (as CI does). Override to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/empowering_places
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: run test install migrate lint format check-deploy audit bench clean

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --inexact --compile-bytecode --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.built: node_modules/.installed scripts/copy-vendor.mjs
	npm run --silent build
	@touch $@

install: $(VENV)/.installed static/vendor/.built

migrate: install
	$(PY) manage.py migrate --noinput

run: migrate
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Serving on http://127.0.0.1:8000 (stop with Ctrl+C)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	@$(PY) scripts/check_services.py "$(TEST_DATABASE_URL)" "$(TEST_REDIS_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" REDIS_URL="$(TEST_REDIS_URL)" \
		$(PY) -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)

# The key pages under load beside a minimal Django view (docs/performance.md). BENCH_SCALE=small,
# BENCH_QUICK=1, BENCH_DURATION=30 and BENCH_ARGS="--only home" change what it runs.
bench: install
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY="check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
	DJANGO_ALLOWED_HOSTS=example.org DATABASE_URL=sqlite:///:memory: REDIS_URL=redis://127.0.0.1:6379/0 \
		$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in what we ship (scripts/audit.py): fails on a finding with a fix;
# advisories that cannot be reached are reported, and fail only with AUDIT_STRICT=1.
PIP_AUDIT_VERSION := 2.10.1

audit: | $(UV)
	$(PY) scripts/audit.py $(UV) $(PIP_AUDIT_VERSION)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
