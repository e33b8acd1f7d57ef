# qingfeng — see README.md. Every go command needs the sqlite_fts5 tag
# (full-text search) and should have no_emoji (Fyne without its 4 MB colour
# emoji font, which the kiosk parsed twice and kept: 11-14 MiB; BENCHMARKS.md,
# "Lean"); GOFLAGS carries them to all of them.
export PATH := $(PATH):/usr/local/go/bin
TAGS := sqlite_fts5,no_emoji
export GOFLAGS := -tags=$(TAGS)
export CGO_ENABLED := 1

DATA ?= data
FUZZTIME ?= 10s

.PHONY: all deps-build deps-test deps-run build run test vet fuzz e2e guide-shots integration bench bench-shell bench-exhibits bench-films soak fonts pinyin clean

all: build

deps-build:
	@build/deps.sh build
deps-test:
	@build/deps.sh test
deps-run:
	@build/deps.sh run

# Two programs: Fyne and Ebiten cannot be linked into one binary, so the
# shell starts the exhibits program, which must sit beside it.
# The version (build/version.sh): the VERSION file's number, and the
# commits since it changed; kiosks install only a newer one.
VERSION ?= $(shell build/version.sh)
build: deps-build
	go build -ldflags "-X main.version=$(VERSION)" -o bin/qingfeng ./app/qingfeng
	go build -o bin/qingfeng-exhibits ./app/qingfeng-exhibits

# A dedicated kiosk machine, as root after make build (docs/deploy.md): the
# programs in /opt/qingfeng, the systemd unit, X on tty1, USB sticks at
# /media/usb, a starter /etc/qingfeng/qingfeng.yaml (an existing one is
# kept). DESTDIR=DIR only copies the files there (no user, packages or
# services); BIN_DIR=bin/arm64 installs the cross-built programs.
.PHONY: install cross-arm64 release office office-test
install:
	DESTDIR="$(DESTDIR)" BIN_DIR="$(BIN_DIR)" VERSION="$(VERSION)" build/install.sh

# The Debian package of what make build built, qingfeng_VERSION_ARCH.deb in
# DEB_OUT (and the arm64 one when make cross-arm64 has filled bin/arm64):
# apt install ./qingfeng_….deb does what make install does (docs/deploy.md,
# "The Debian package"). DEB_MAINTAINER="Name <mail>" says who answers for it.
DEB_OUT ?= bin
.PHONY: deb
deb: build
	VERSION="$(VERSION)" build/deb/build.sh bin "$$(dpkg --print-architecture)" "$(DEB_OUT)"
	if [ -x bin/arm64/qingfeng ] && [ "$$(dpkg --print-architecture)" != arm64 ]; then \
		VERSION="$(VERSION)" build/deb/build.sh bin/arm64 arm64 "$(DEB_OUT)"; fi

# Every module the build needs, copied into vendor/ (not committed): a
# machine without internet access builds from it with
# GOFLAGS="-tags=sqlite_fts5,no_emoji -mod=vendor" (README.md, "Building behind a firewall").
.PHONY: vendor
vendor:
	go mod vendor

# Both programs for 64-bit ARM boards (Raspberry Pi 4/5, Armbian) into
# bin/arm64, and bin/qingfeng-arm64.tar.gz to copy to the board; installs
# Debian's cross compiler and the arm64 libraries if missing.
cross-arm64:
	VERSION="$(VERSION)" build/cross-arm64.sh

# The district office's program without the kiosk's screen (app/qingfeng-office):
# bin/qingfeng-office for Linux and bin/windows/qingfeng-office.exe for
# 64-bit Windows, cross-built with Debian's mingw-w64 (docs/fleet.md).
office: deps-build
	@build/deps.sh office
	VERSION="$(VERSION)" build/office.sh

# Its tests as a Windows program, under Wine (wine64), in a throw-away prefix.
office-test:
	build/office.sh test

# A signed software update of what make build (and make cross-arm64) built,
# into RELEASE_OUT, for every kiosk's inbox (docs/fleet.md, "Releasing an
# update"): make release KEY=publisher.key [RELEASE_OUT=releases]
# [DOWNGRADE_FROM=V], the version(s) an older release may replace. qingfeng
# release refuses programs not built as VERSION (a stale bin/arm64).
RELEASE_OUT ?= releases
release: build
	bin/qingfeng release --key "$(KEY)" --out "$(RELEASE_OUT)" --version "$(VERSION)" $(if $(DOWNGRADE_FROM),--downgrade-from "$(DOWNGRADE_FROM)")

# Imports the bundled demo into ./data on first start, then watches
# ./data/inbox for content packages.
run: deps-run build
	build/run.sh $(DATA)

# go vet, gofmt and go mod tidy must all have nothing to say.
vet:
	go vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt -l: not formatted:"; echo "$$out"; exit 1; fi
	go mod tidy -diff

test: deps-test vet
	go test -timeout 20m ./...
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory integration
	$(MAKE) --no-print-directory office-test

# The real binary under Xvfb, tapped with xdotool; screenshots land in
# $(E2E_OUT) for a human to look at.
E2E_OUT ?= $(CURDIR)/bin/e2e
e2e:
	QINGFENG_E2E_OUT=$(E2E_OUT) go test -tags $(TAGS),e2e -count=1 -run E2E -v ./app/qingfeng

# The staff guide's pictures of the kiosk (docs/staff-guide/), taken by the
# e2e runs of the template folder on a stick and of 与U盘同步, halved for the page.
guide-shots: deps-test
	QINGFENG_E2E_OUT=$(E2E_OUT) go test -tags $(TAGS),e2e -count=1 -run 'TestE2ETemplateFolderOnAStick|TestE2EUSBSyncByTaps' ./app/qingfeng
	mkdir -p docs/staff-guide
	for s in 1-imported 2-stories 3-word-story 4-refused; do \
		convert $(E2E_OUT)/guide-$$s.png -resize 50% -strip docs/staff-guide/$$s.png || exit 1; \
	done
	convert $(E2E_OUT)/usbsync-1-written.png -resize 50% -strip docs/staff-guide/5-usbsync-written.png
	convert $(E2E_OUT)/usbsync-2-imported.png -resize 50% -strip docs/staff-guide/6-usbsync-imported.png

# The fleet with real Syncthing: two instances on loopback carry a signed
# package to a kiosk and its opinions back to the office (about 15 s).
integration:
	QINGFENG_E2E_OUT=$(E2E_OUT) go test -tags $(TAGS),integration -count=1 -run Integration -v ./app/qingfeng

# Each fuzz target briefly; `make fuzz FUZZTIME=5m` for a longer hunt.
fuzz:
	go test ./content/parse -run '^$$' -fuzz '^FuzzFrontMatter$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzCSV$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzZip$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzXLSX$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzQuizSheet$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzStoryMarkdown$$' -fuzztime $(FUZZTIME)
	go test ./content/fleet -run '^$$' -fuzz '^FuzzHeartbeatDecode$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzAudio$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzCountZipEntries$$' -fuzztime $(FUZZTIME)
	go test ./content/docx -run '^$$' -fuzz '^FuzzDocx$$' -fuzztime $(FUZZTIME)
	go test ./content/release -run '^$$' -fuzz '^FuzzInfo$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzPhoto$$' -fuzztime $(FUZZTIME)
	go test ./content/outbox -run '^$$' -fuzz '^FuzzBatch$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzReplies$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzNoticesText$$' -fuzztime $(FUZZTIME)
	go test ./content/parse -run '^$$' -fuzz '^FuzzSRT$$' -fuzztime $(FUZZTIME)
	go test ./content/replies -run '^$$' -fuzz '^FuzzSheetCells$$' -fuzztime $(FUZZTIME)

# Figures recorded in BENCHMARKS.md (run them on an otherwise idle machine).
bench: deps-build
	go test ./content/store -run '^$$' -bench . -benchtime 20x
	go test ./content/health -run '^$$' -bench Heartbeat -benchtime 3x -benchmem
	go test ./content/inbox -run '^$$' -bench 'ImportLarge$$' -benchtime 3x
	go test ./content/inbox -run '^$$' -bench DropToCommitted -benchtime 20x
	go test ./content/parse -run '^$$' -bench 'Thumbnail|Photo' -benchtime 3x
	go test ./content/inbox -run '^$$' -bench 'ImportLargePNG|ImportPhotos' -benchtime 1x -count 3
	go test ./kiosk/pinyin -run '^$$' -bench . -benchtime 200x
	go test ./app/qingfeng -run '^$$' -bench SubmitToThankYou -benchtime 200x
	go test ./app/qingfeng -run '^$$' -bench LookupToAnswer -benchtime 200x
	go test ./content/collect -run '^$$' -bench Merge600Kiosks -benchtime 1x

# The committed data files, rebuilt from Debian packages (not part of make
# test): the bundled font subset and the keyboard's pinyin dictionary.
fonts:
	build/fonts.sh

pinyin:
	build/pinyin.sh

# The kiosk shell against Chromium's kiosk mode on the same content, under
# Xvfb (BENCHMARKS.md, "Kiosk shell"); about 30 minutes. RUNS=5 CYCLES=1000
# by default; results in bin/bench-shell/results.txt.
# The kiosk driven for DURATION by synthetic taps, RSS/heap/goroutines
# each minute into bin/soak/soak.csv and soak.png (OUT to change).
DURATION ?= 1h
soak:
	DURATION=$(DURATION) build/soak.sh

# Exhibits' frame rates against an empty Ebiten game at 1080p and 720p, and
# tap-to-first-frame through the shell (~15 min; RUNS, SECONDS_EACH, OUT).
bench-exhibits:
	build/bench-exhibits.sh

# Handwriting: accuracy and time over the 3,500 characters of level 1
# (BENCHMARKS.md); needs the model (build/deps.sh test).
.PHONY: bench-handwriting
bench-handwriting: deps-test
	go test ./kiosk/handwriting -run '^$$' -bench 'Level1|Recognize$$' -benchtime 1x
	go test ./kiosk/handwriting -run '^$$' -bench 'Recognize$$' -benchtime 3s

# The films' figures in BENCHMARKS.md: the kiosk's player alone and a film
# tapped in the kiosk, side by side.
bench-films: build
	build/bench-films.sh

bench-shell: deps-build
	build/bench-shell.sh

clean:
	rm -rf bin
