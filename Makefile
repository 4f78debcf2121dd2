# The README's commands. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 20s
# The driver's Arrow interface, through which loads reach DuckDB (queries/arrow.go),
# is built only with this tag: every go command needs it.
export GOFLAGS += -tags=duckdb_arrow

.PHONY: build demo test vet fmt-check fuzz setup

# The dashboard embeds ECharts from the npm package pinned in dashboard/package-lock.json.
ECHARTS = dashboard/node_modules/echarts/dist/echarts.min.js

build: setup
	$(GO) build -o bin/pulse ./cmd/pulse

# A demo practice (18 months, five platforms) in ./pulse-demo, served on 127.0.0.1:8080.
demo: build
	./bin/pulse demo

# Everything a fresh clone needs besides Go and Node themselves (.ci/run installs
# the apt packages: chromium for the browser tests, libreoffice-calc for the report's).
setup: $(ECHARTS)
	$(GO) mod download

$(ECHARTS): dashboard/package.json dashboard/package-lock.json
	cd dashboard && npm ci --no-audit --no-fund
	touch $@

test: setup vet fmt-check
	$(GO) test -count=1 ./...
	$(MAKE) fuzz

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

# A short run of the ingest fuzzer: any input gives a result or a clean error.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzIngest$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 3s ./ingest
