# sqlorm developer tasks. `make test` is the test command; CI runs .ci/run,
# which starts the database servers and then runs `make test` and `make lint`.

GO          ?= go
GOPATH      := $(shell $(GO) env GOPATH)
STATICCHECK := $(GOPATH)/bin/staticcheck
STATICCHECK_VERSION := v0.8.2
FUZZTIME    ?= 10s

.PHONY: all test test-bare race bench bench-compare lint vet staticcheck fmt fuzz

all: test

## test: run every package's tests on SQLite and on the servers that answer (scripts/test.sh),
## the core module's and then the otel module's (a module of its own)
test:
	scripts/test.sh

## test-bare: the ORM's tests again on databases opened with the backends' own drivers
## (SQLORM_TEST_OPEN=bare): the ORM must not depend on anything the sqlorm driver does
test-bare:
	SQLORM_TEST_OPEN=bare PKGS=./orm MODULES= scripts/test.sh

## race: the same with the race detector
race:
	GOTESTFLAGS="-race $(GOTESTFLAGS)" scripts/test.sh

## bench: run the benchmarks, no tests
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-compare: sqlorm against GORM, Bun and database/sql (bench/compare, a module of its own;
## PostgreSQL too when SQLORM_TEST_PG is set)
bench-compare:
	cd bench/compare && $(GO) vet . && $(GO) test -run '^$$' -bench . -benchmem -count $${COUNT:-3}

## lint: go vet and staticcheck
lint: vet staticcheck

vet:
	$(GO) vet ./...
	$(GO) vet -tags restart ./driver
	cd bench/compare && $(GO) vet .
	cd otel && $(GO) vet ./...

staticcheck: $(STATICCHECK)
	$(STATICCHECK) ./...
	cd otel && $(STATICCHECK) ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

## fmt: gofmt every tracked Go file in place
fmt:
	@files="$$(git ls-files '*.go')"; if [ -n "$$files" ]; then gofmt -l -w $$files; fi

## fuzz: run each fuzz target for FUZZTIME (default 10s)
fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh
