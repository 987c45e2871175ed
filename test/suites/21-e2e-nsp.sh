#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end-to-end suite (20-e2e, test/e2e/pass.sh) with a network-specific
# pool6 of another RFC 6052 length, 2001:db8:64::/64, and unbound's DNS64
# synthesising under it.
# shellcheck source-path=SCRIPTDIR source=../lib/suite.sh
. "$(dirname "$0")/../lib/suite.sh"
# shellcheck source-path=SCRIPTDIR source=../e2e/pass.sh
. "$NAT64_TOP/test/e2e/pass.sh"
suite e2e-nsp

e2e_lab
e2e_pass 2001:db8:64::/64 unbound
finish
