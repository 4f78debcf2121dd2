# The README's commands. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 20s

.PHONY: build test vet fmt-check fuzz setup

build:
	$(GO) build -o bin/pulse ./cmd/pulse

# Everything a fresh clone needs besides Go itself (see .ci/run for the apt packages).
setup:
	$(GO) mod download

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
	$(GO) test -run '^$$' -fuzz '^FuzzIngest$$' -fuzztime $(FUZZTIME) ./ingest
