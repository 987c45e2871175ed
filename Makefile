# SPDX-License-Identifier: GPL-2.0
#
# make                 build mod/nat64.ko, usr/nat64ctl and (with
#                      libxtables-dev) usr/xtables/libxt_NAT64.so, the
#                      iptables extension of the NAT64 target
# make demo            boot Debian's kernel in qemu and configure a NAT64 in it
# make check           install test dependencies, build, run every suite in a qemu guest
# make check-debug     the same on a KASAN/lockdep/kmemleak kernel (built once, cached)
# make fuzz            the packet and netlink fuzzers at full length on the
#                      debug kernel (FUZZ_PACKETS, FUZZ_MESSAGES, FUZZ_SEED)
# make lifecycle       1000 configuration/state/module cycles under load on
#                      the debug kernel (LIFECYCLE_CYCLES)
# make check-kernels   every suite on every kernel of test/kernels.sh
#                      (make check: the whole suite on the default one,
#                      load/instance/translation on the others)
# make check-fresh     make demo and make check the first time on a fresh
#                      Debian 12 root (a debootstrap chroot)
# make unit            userspace unit tests only (no VM)
# make bench           benchmark against plain forwarding, NAT44 and Jool in
#                      one qemu guest (test/bench/run; slow, see README)
# make sparse          build the module through sparse (C=2: every file)
# make checkpatch       the kernel's checkpatch.pl over mod/ and include/
# make install         install module (+depmod), nat64ctl and its man page,
#                      libxt_NAT64.so (if built) where iptables looks, and
#                      the mapping log's unit nat64-log.service (not enabled)
# make dkms-install     register the sources with DKMS and build/install for KVER
# make deb             Debian packages nat64-dkms and nat64-tools in build/deb/

# The kernel to build for (and, in make check, to boot): KVER=... names
# one; otherwise the running kernel when its headers are installed (an
# operator building on the NAT64 box), else Debian's default kernel (the
# one linux-image-amd64 pulls in), else the newest with headers.
KVER ?= $(shell test/kver.sh)
KDIR ?= $(if $(KVER),/lib/modules/$(KVER)/build)
DESTDIR ?=
PREFIX ?= /usr/local
SYSTEMDDIR ?= /etc/systemd/system

VERSION := $(shell sed -n 's/^\#define NAT64_VERSION[^"]*"\([^"]*\)".*/\1/p' include/nat64.h)
DKMS_SRC := /usr/src/nat64-$(VERSION)

# KVER and KDIR are not exported: a sub-make after test/deps.sh (make
# demo, make check) must look for headers afresh, not inherit "none yet".
# A KVER the user gave is passed on: deps installs that kernel.
KVER_ASKED := $(if $(filter command line environment,$(origin KVER)),$(KVER))

all: module nat64ctl

module:
	@test -f "$(KDIR)/Makefile" || { echo "no kernel headers in '$(KDIR)': install linux-headers-$(or $(KVER),amd64) or set KDIR"; exit 1; }
	@# Kbuild sees no change between two trees of one kernel line (same
	@# flags, same headers): objects of the last KDIR would be reused.
	@if [ "$$(cat mod/.kdir 2>/dev/null)" != "$(KDIR)" ]; then \
		$(MAKE) -s -C $(KDIR) M=$(CURDIR) clean; echo "$(KDIR)" >mod/.kdir; fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(CURDIR) C=2 CF="-D__CHECK_ENDIAN__" modules

CHECKPATCH ?= $(firstword $(wildcard $(KDIR)/scripts/checkpatch.pl \
	/var/cache/nat64-debug-kernel/linux/scripts/checkpatch.pl))
# include/nat64.h defines the counters once, as an X-macro list both sides
# expand; checkpatch takes any multi-line list for an expression that wants
# parentheses, hence COMPLEX_MACRO ignored there.
checkpatch:
	@test -n "$(CHECKPATCH)" || { echo "checkpatch.pl not found (make check-debug unpacks one)"; exit 1; }
	$(CHECKPATCH) --no-tree --terse --show-types -f $(filter-out %.mod.c,$(wildcard mod/*.[ch] mod/kunit/*.c))
	$(CHECKPATCH) --no-tree --terse --show-types --ignore COMPLEX_MACRO -f include/*.h

nat64ctl:
	$(MAKE) -C usr

unit:
	$(MAKE) -C test/unit run

deps:
	test/deps.sh $(KVER_ASKED)

check: deps
	$(MAKE) all
	test/check.sh

demo: deps
	$(MAKE) all
	test/vm/run --show --suite test/demo.sh

# Jool and iperf3 come from test/bench/deps.sh: CI does not need them.
bench:
	test/bench/deps.sh
	$(MAKE) all
	test/bench/run

# test/vm/run --debug builds the module itself, against the debug tree.
check-kernels: deps
	$(MAKE) all
	test/other-kernels.sh --all

# The README's make demo and make check, the first time, in a fresh
# debootstrap'ed Debian 12 root (slow: the whole suite runs there).
check-fresh:
	test/fresh/run.sh

check-debug:
	test/deps.sh --debug
	$(MAKE) nat64ctl
	test/debug-kernel/build.sh
	test/vm/run --debug

# make check runs a bounded slice of each fuzzer; this is the long run.
FUZZ_PACKETS ?= 10000000
FUZZ_MESSAGES ?= 1000000
fuzz:
	test/deps.sh --debug
	$(MAKE) nat64ctl
	test/debug-kernel/build.sh
	FUZZ_PACKETS=$(FUZZ_PACKETS) FUZZ_MESSAGES=$(FUZZ_MESSAGES) \
	NAT64_SUITE_TIMEOUT=$${NAT64_SUITE_TIMEOUT:-86400} \
	NAT64_VM_TIMEOUT=$${NAT64_VM_TIMEOUT:-2880} \
	test/vm/run --debug --suite fuzz-packets fuzz-netlink

LIFECYCLE_CYCLES ?= 1000
lifecycle:
	test/deps.sh --debug
	$(MAKE) nat64ctl
	test/debug-kernel/build.sh
	LIFECYCLE_CYCLES=$(LIFECYCLE_CYCLES) \
	NAT64_SUITE_TIMEOUT=$${NAT64_SUITE_TIMEOUT:-86400} \
	NAT64_VM_TIMEOUT=$${NAT64_VM_TIMEOUT:-2880} \
	test/vm/run --debug --suite lifecycle

install: all
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra modules_install
	depmod -a $(notdir $(patsubst %/build,%,$(KDIR)))
	$(MAKE) -C usr install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)
	$(MAKE) install-log-unit DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) SYSTEMDDIR=$(SYSTEMDDIR)

# The mapping log (README, "Events and the mapping log"): its unit, as
# usr/ installs nat64.service, with nat64ctl's path in it.  Installed,
# never enabled; debian/rules ships it the same way.
install-log-unit:
	mkdir -p $(DESTDIR)$(SYSTEMDDIR)
	sed 's|@SBINDIR@|$(PREFIX)/sbin|' usr/nat64-log.service \
		>$(DESTDIR)$(SYSTEMDDIR)/nat64-log.service

dkms-install: dkms-source
	dkms add nat64/$(VERSION)
	dkms install nat64/$(VERSION) -k $(KVER)

dkms-remove:
	dkms remove nat64/$(VERSION) --all
	rm -rf $(DKMS_SRC)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	$(MAKE) -C usr clean
	$(MAKE) -C test/unit clean

.PHONY: all module sparse checkpatch nat64ctl unit deps demo check check-kernels check-fresh check-debug bench fuzz lifecycle install \
	install-log-unit dkms-install dkms-remove clean dkms-source deb

# The tree DKMS builds from, for make dkms-install and (with DESTDIR) the
# nat64-dkms package: the module's sources and what builds them, no more.
dkms-source:
	rm -rf $(DESTDIR)$(DKMS_SRC)
	install -d $(DESTDIR)$(DKMS_SRC)/mod/conftest $(DESTDIR)$(DKMS_SRC)/include
	install -m 0644 Kbuild Makefile dkms.conf $(DESTDIR)$(DKMS_SRC)/
	install -m 0644 mod/Kbuild $(filter-out %.mod.c,$(wildcard mod/*.[ch])) \
		$(DESTDIR)$(DKMS_SRC)/mod/
	install -m 0644 mod/conftest/*.c $(DESTDIR)$(DKMS_SRC)/mod/conftest/
	install -m 0644 include/*.h $(DESTDIR)$(DKMS_SRC)/include/

# dpkg-buildpackage writes its packages next to the tree it builds: build
# a copy of the checkout's files (tracked and new, not ignored) in
# build/deb/src, so that the packages land in build/deb/ and the checkout
# stays clean.  Outside git, every file but build/.
DEB_DIR := build/deb
deb:
	rm -rf $(DEB_DIR)
	mkdir -p $(DEB_DIR)/src
	{ git ls-files --cached --others --exclude-standard 2>/dev/null || \
		find . -path ./build -prune -o -path ./.git -prune -o -type f -print; } | \
		tar -cf - --ignore-failed-read -T - | tar -xf - -C $(DEB_DIR)/src
	cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b
	@ls $(DEB_DIR)/*.deb
