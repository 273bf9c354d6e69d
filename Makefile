# hangar — build, test and chaos targets. `make help` lists them.
GO       ?= go
# Every go command (and gofmt, through the toolchain's GOROOT) runs on this
# toolchain: an older local Go fetches it through the module proxy. Override
# with `make GOTOOLCHAIN=local` to use the Go on PATH as it is.
export GOTOOLCHAIN := go1.27.4
BIN      ?= bin
PKGS     ?= ./...
export CGO_ENABLED ?= 0

.PHONY: help go-version build test lint chaos-weaviate fmt-check vet tidy-check bench clean \
        repro seed-repro chaos chaos-containers weaviate dashboards dashboards-check rules-test observe check-lancedb test-lancedb

help: ## list targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/hangar (static, CGO_ENABLED=0; serves the goroutine leak profile)
	$(GO) build -trimpath -o $(BIN)/hangar ./cmd/hangar

test: lint ## format, vet and tidy checks, then go test -race ./...
	CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 12m $(PKGS)

lint: fmt-check vet tidy-check ## gofmt, go vet, go mod tidy drift

fmt-check:
	@out=$$("$$($(GO) env GOROOT)/bin/gofmt" -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

tidy-check:
	$(GO) mod tidy -diff

bench: ## benchmarks, each printed beside its same-run baseline
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

go-version: ## the Go every target runs on
	@$(GO) version

clean: ## remove bin/ and out/
	rm -rf $(BIN) out

# --- the main job --------------------------------------------------------------
CHAOS_PARALLEL ?= auto
CHAOS_OUT      ?= out
# CHAOS_SHARD=K/N runs only the K-th of N parts of each matrix (see CI.md,
# "Sharding the matrix"); `hangar matrix merge` joins the parts.
CHAOS_SHARD    ?=
chaos_shard     = $(if $(CHAOS_SHARD),--shard $(CHAOS_SHARD))

repro: build ## the seed repro: seed-316 against the correct server, report in out/seed-316
	$(BIN)/hangar run seed-316 --out $(CHAOS_OUT)/seed-316

seed-repro: build ## seed-316 must pass on the correct server and exit 1 with the four EverOS defects
	$(BIN)/hangar run seed-316 --quiet \
	  --out $(CHAOS_OUT)/seed-316-correct
	rc=0; $(BIN)/hangar run seed-316 --quiet \
	  --out $(CHAOS_OUT)/seed-316-defects \
	  --defects sem-across-retries,no-llm-deadline,shared-llm-pool,health-behind-limiter || rc=$$?; \
	  if [ $$rc -ne 1 ]; then echo "seed-316 with the EverOS defects exited $$rc, want 1"; exit 1; fi

chaos: build ## defect matrix: shipped scenarios, then the container scenarios (skipped, saying why, without an engine)
	$(BIN)/hangar chaos $(chaos_shard) \
	  --parallel $(CHAOS_PARALLEL) --out $(CHAOS_OUT)
	TESTCONTAINERS_RYUK_DISABLED=true $(BIN)/hangar chaos-containers $(chaos_shard) \
	  --parallel $(CHAOS_PARALLEL) --out $(CHAOS_OUT)/containers

chaos-containers: build ## container scenarios only (needs a container engine)
	TESTCONTAINERS_RYUK_DISABLED=true $(BIN)/hangar chaos-containers $(chaos_shard) \
	  --parallel $(CHAOS_PARALLEL) --out $(CHAOS_OUT)/containers

# --- third-party targets ---------------------------------------------------------
# Weaviate, built from its real source as served by the Go module proxy (the
# module cache keeps it; ~9-12 minutes cold on 2 cores, seconds when cached).
WEAVIATE_VERSION ?= v1.35.2

weaviate: $(BIN)/weaviate ## build the pinned Weaviate (WEAVIATE_VERSION) into bin/weaviate

$(BIN)/weaviate: Makefile
	@mkdir -p $(BIN)
	dir=$$(cd "$$(mktemp -d)" && $(GO) mod download -json github.com/weaviate/weaviate@$(WEAVIATE_VERSION) \
	  | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$$/\1/p'); \
	  test -n "$$dir" || { echo "weaviate: go mod download found no module directory"; exit 1; }; \
	  cd "$$dir" && CGO_ENABLED=0 $(GO) build -trimpath -o $(CURDIR)/$(BIN)/weaviate ./cmd/weaviate-server

# The Weaviate example scenarios, each run against bin/weaviate; fails when
# any run fails (an expected failure that passed included). Like the defect
# matrix's correct-server cells (`hangar chaos --retries 1`), a failed run is
# re-run once and the first failure is printed; failing twice fails.
WEAVIATE_OUT ?= out/weaviate
WEAVIATE_RETRIES ?= 1

chaos-weaviate: build weaviate ## run every examples/weaviate scenario against the real Weaviate (bin/weaviate)
	@rc=0; for f in $$(ls examples/weaviate/*.yaml | grep -v '\.api\.yaml$$'); do \
	  n=$$(basename "$$f" .yaml); out=$(WEAVIATE_OUT)/$$n; try=0; \
	  until $(BIN)/hangar run "$$f" --out $$out; do \
	    try=$$((try+1)); \
	    if [ $$try -gt $(WEAVIATE_RETRIES) ]; then rc=1; break; fi; \
	    echo "chaos-weaviate: $$n failed (see $$out); re-running"; out=$(WEAVIATE_OUT)/$$n-retry$$try; \
	  done; \
	done; exit $$rc

# --- dashboards, Prometheus, alerts --------------------------------------------
PROMETHEUS ?= prometheus
PROMTOOL   ?= promtool
SCENARIO   ?= seed-316
RUN_FLAGS  ?=

dashboards: ## regenerate dashboards/grafana/dashboards/*.json from the Go specs
	$(GO) run ./dashboards/cmd/gen

dashboards-check: ## fail when the committed dashboard JSON is stale
	$(GO) run ./dashboards/cmd/gen -check

rules-test: ## promtool: check the config and rules, run the rule unit tests
	$(PROMTOOL) check config dashboards/prometheus/prometheus.yml
	$(PROMTOOL) check rules dashboards/prometheus/rules/hangar.rules.yml
	cd dashboards/prometheus/rules && $(PROMTOOL) test rules hangar.rules.test.yml

observe: build ## Prometheus on 127.0.0.1:9090 scraping a live run of SCENARIO
	PROMETHEUS=$(PROMETHEUS) HANGAR=$(BIN)/hangar dashboards/observe.sh $(SCENARIO) $(RUN_FLAGS)

# --- LanceDB backend (build tag lancedb) -----------------------------------------
# Compiling and vetting needs cgo but not lancedb-go's native library: the
# binaries `go build ./...` links are told to leave its symbols unresolved (GNU
# ld). The tagged tests call the library for real:
#   make test-lancedb LANCEDB_LIB=/abs/path/liblancedb_go.a
LANCEDB_LIB     ?=
LANCEDB_SYSLIBS ?= -lm -ldl -lpthread

check-lancedb: ## compile and vet with -tags lancedb (cgo, no native library needed)
	CGO_ENABLED=1 CGO_LDFLAGS="-Wl,--unresolved-symbols=ignore-all" $(GO) build -tags lancedb ./...
	CGO_ENABLED=1 CGO_LDFLAGS="-Wl,--unresolved-symbols=ignore-all" $(GO) vet -tags lancedb ./...

test-lancedb: ## conformance suite on real LanceDB; LANCEDB_LIB=/abs/path/liblancedb_go.a
	@test -f "$(LANCEDB_LIB)" || { echo "test-lancedb: set LANCEDB_LIB to the absolute path of liblancedb_go.a (lancedb-go v0.1.2 release asset, see README)"; exit 2; }
	CGO_ENABLED=1 CGO_LDFLAGS="$(LANCEDB_LIB) $(LANCEDB_SYSLIBS)" $(GO) test -race -count=1 -tags lancedb ./server/store/lancedb/...
