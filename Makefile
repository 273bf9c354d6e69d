# hangar — build, test and chaos targets. `make help` lists them.
GO       ?= go
BIN      ?= bin
PKGS     ?= ./...
export CGO_ENABLED ?= 0

.PHONY: help build build-leakcheck test lint fmt-check vet tidy-check bench clean

help: ## list targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

build: ## build bin/hangar (static, CGO_ENABLED=0)
	$(GO) build -trimpath -o $(BIN)/hangar ./cmd/hangar

build-leakcheck: ## build bin/hangar-leakcheck with GOEXPERIMENT=goroutineleakprofile
	GOEXPERIMENT=goroutineleakprofile $(GO) build -trimpath -o $(BIN)/hangar-leakcheck ./cmd/hangar

test: lint ## format, vet and tidy checks, then go test -race ./...
	CGO_ENABLED=1 $(GO) test -race -count=1 -timeout 12m $(PKGS)

lint: fmt-check vet tidy-check ## gofmt, go vet, go mod tidy drift

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

tidy-check:
	$(GO) mod tidy -diff

bench: ## benchmarks, each printed beside its same-run baseline
	$(GO) test -run '^$$' -bench . -benchmem -count=1 $(PKGS)

clean:
	rm -rf $(BIN) out
