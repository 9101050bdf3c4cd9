# Quick start: `make demo` runs the whole job on the sample workspace; `make test` tests it.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
DEMO   ?= build/demo
PERIOD ?= 2024-Q1
NEXT   ?= 2024-Q2
HALF   ?= 2024-H1
N      ?= 1000

.PHONY: demo test test-portable lint bench soffice clean

$(STAMP): setup.cfg setup.py pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $(STAMP)

# LibreOffice (Calc for the workbooks, Writer for the report draft) and Gnumeric are the real
# clients the tests open files with. Installed here when missing and we are root on Debian;
# otherwise their tests are skipped with a reason
# (CI sets BAOCAO_REQUIRE_SOFFICE=1 so that they fail instead).
# fonts-liberation: Times New Roman's metric twin, so that the rendering tests measure pages
# as Excel prints them.
soffice:
	@{ command -v soffice && command -v ssconvert && command -v pdftotext \
	   && fc-list | grep -q "Liberation Serif" && { ! command -v dpkg || dpkg -s libreoffice-writer-nogui; }; } >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing LibreOffice (Calc, Writer), Gnumeric and fonts-liberation for the tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils gnumeric fonts-liberation >/dev/null) \
	      || echo "LibreOffice could not be installed: its tests will be skipped."; \
	  else echo "LibreOffice (soffice) not found: its tests will be skipped."; fi; }

# The whole job on a fresh copy of the sample: forms, the wards' and departments' returns
# (a few with mistakes), intake, the corrected resubmission, status, the master, the report draft;
# then the 2025-Q3 forms after the reform, and the post-reform sample (Phường Ngã Năm) from forms to master.
# `|| [ $$? -eq 1 ]`: exit 1 means "findings" (expected here); 2 or a crash still stops make.
demo: $(STAMP)
	@rm -rf $(DEMO)
	$(BIN)/baocao init $(DEMO)
	$(BIN)/baocao -w $(DEMO) catalog check
	$(BIN)/baocao -w $(DEMO) catalog show --section CDS
	$(BIN)/baocao -w $(DEMO) definitions export
	$(BIN)/baocao -w $(DEMO) definitions import $(DEMO)/output/dinh-nghia.xlsx
	$(BIN)/baocao -w $(DEMO) templates --period $(PERIOD)
	$(BIN)/baocao -w $(DEMO) demo returns --period $(PERIOD) --round 1
	$(BIN)/baocao -w $(DEMO) validate $(DEMO)/submissions/inbox/$(PERIOD)_P3.xlsx --feedback $(DEMO)/output/feedback || [ $$? -eq 1 ]
	$(BIN)/baocao -w $(DEMO) intake --received-at 2024-03-18T09:00 || [ $$? -eq 1 ]
	$(BIN)/baocao -w $(DEMO) demo returns --period $(PERIOD) --round 2
	$(BIN)/baocao -w $(DEMO) intake --received-at 2024-03-19T16:30 || [ $$? -eq 1 ]
	$(BIN)/baocao -w $(DEMO) status --period $(PERIOD) --today 2024-03-19
	$(BIN)/baocao -w $(DEMO) history --unit P3 --period $(PERIOD)
	$(BIN)/baocao -w $(DEMO) consolidate --period $(PERIOD)
	# the year goes on: Q1 approved (its master frozen), Q2 forms carry Q1's accepted figures,
	# the units type Q2 only (invented figures, toolkit/demo.py), the Q2 and 6-month masters
	$(BIN)/baocao -w $(DEMO) approve --period $(PERIOD) --by "Văn phòng"
	$(BIN)/baocao -w $(DEMO) consolidate --period $(PERIOD) || [ $$? -eq 2 ]
	$(BIN)/baocao -w $(DEMO) templates --period $(NEXT)
	$(BIN)/baocao -w $(DEMO) demo returns --period $(NEXT)
	$(BIN)/baocao -w $(DEMO) intake --received-at 2024-06-18T09:00 || [ $$? -eq 1 ]
	$(BIN)/baocao -w $(DEMO) status --period $(NEXT) --today 2024-06-19
	$(BIN)/baocao -w $(DEMO) consolidate --period $(NEXT)
	$(BIN)/baocao -w $(DEMO) consolidate --period $(HALF)
	# the office's Excel chores: 2025's targets beside what 2024 reached so far, the catalog to print
	$(BIN)/baocao -w $(DEMO) definitions targets --year 2025
	$(BIN)/baocao -w $(DEMO) definitions outline
	# the report draft of Q1 (approved: drawn from its frozen figures), the units' texts under their headings
	$(BIN)/baocao -w $(DEMO) report --period $(PERIOD) --date 2024-03-25
	@echo "--- After the 1/7/2025 reform: the same workspace, Cần Thơ collects from the merged wards"
	$(BIN)/baocao -w $(DEMO) templates --period 2025-Q3
	@echo "--- The post-reform sample: Phường Ngã Năm collects from its sections and hamlets"
	@rm -rf $(DEMO)-phuong
	$(BIN)/baocao init $(DEMO)-phuong --sample phuong-nga-nam
	$(BIN)/baocao -w $(DEMO)-phuong catalog check
	$(BIN)/baocao -w $(DEMO)-phuong templates --period 2025-Q3
	$(BIN)/baocao -w $(DEMO)-phuong demo returns --period 2025-Q3 --no-mistakes
	$(BIN)/baocao -w $(DEMO)-phuong intake --received-at 2025-09-16T09:00
	$(BIN)/baocao -w $(DEMO)-phuong consolidate --period 2025-Q3

test: $(STAMP) soffice
	$(BIN)/pytest -q

# The lock, pool, intake-safety and gate-isolation tests again as on Windows/macOS, as far as
# Linux can: baocao's code cannot import fcntl or resource, and processes are spawned
# (tests/portable/sitecustomize.py).
PORTABLE_TESTS = tests/test_portable.py tests/test_intake_safety.py tests/test_intake_fsutil.py tests/test_gate.py
test-portable: $(STAMP)
	BAOCAO_PORTABLE=1 $(BIN)/pytest -q $(PORTABLE_TESTS)

# ruff's rules and formatting on everything; mypy on the library and the CLI, every function
# annotated (pyproject.toml [tool.mypy]). CI runs it before the tests.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy toolkit/ cli.py

bench: $(STAMP)
	$(BIN)/python bench/run.py --n $(N)

clean:
	rm -rf build output $(VENV)
