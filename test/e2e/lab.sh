# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A small IPv6-only network behind a NAT64, and a small IPv4 internet, in
# network namespaces, with real servers from Debian's archive.  Sourced by
# test/suites/20-e2e.sh and test/demo.sh.
#
#   client6 ---- nat64 ---- r1 ====== r2 ---- inet
#   server6 ----/      (MTU of r1-r2 can be lowered)
#
#   client6  2001:db8:1::2/64       IPv6 only; resolver 2001:db8:1::1
#   server6  2001:db8:2::80/64      IPv6 only: nginx, sshd (published
#                                   through static BIB entries)
#   nat64    2001:db8:1::1, 2001:db8:2::1, 198.51.100.1/30; the NAT64
#            instance (pool4 203.0.113.1) and the DNS64 resolver
#   r1       198.51.100.2/30, 198.51.100.5/30   IPv4 router
#   r2       198.51.100.6/30, 192.0.2.1/24      IPv4 router
#   inet     192.0.2.2 (clients), 192.0.2.53 (authoritative DNS for
#            example.test), 192.0.2.80 (nginx, iperf3)
#
# Every server runs in the foreground of a background job of the calling
# shell (so the guest's per-suite process-group kill reaches them too), as
# root, with its configuration and state under $LAB.

LAB=${LAB:-/tmp/e2e-lab}
LAB_NS="client6 server6 nat64 r1 r2 inet"
LAB_POOL4=203.0.113.1
LAB_ZONE=example.test
LAB_RESOLVER=2001:db8:1::1
LAB_BIG_MIB=${LAB_BIG_MIB:-3}	# size of big.bin, the download served
LAB_PIDS=()

# on NS CMD...: run CMD in namespace NS.
on() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# on_resolv NS CMD...: CMD in NS with /etc/resolv.conf naming the DNS64
# resolver.  The root is read-only and /etc/netns does not exist, so bind
# a file over it in the private mount namespace `ip netns exec' creates.
on_resolv() {
	local ns=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner shell
	ip netns exec "$ns" sh -c 'mount --bind "$0" /etc/resolv.conf && exec "$@"' \
		"$LAB/resolv.conf" "$@"
}

# link NS1 IF1 NS2 IF2: a veth pair between two namespaces.
_link() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# lab_up: namespaces, links, addresses and routes (no NAT64 yet).
lab_up() {
	local ns
	modprobe -q veth 2>/dev/null
	rm -rf "$LAB"
	mkdir -p "$LAB"
	echo "nameserver $LAB_RESOLVER" >"$LAB/resolv.conf"
	for ns in $LAB_NS; do
		ip netns add "$ns" || return
		ip -n "$ns" link set lo up
	done
	_link client6 eth0 nat64 to-client6 &&
		_link server6 eth0 nat64 to-server6 &&
		_link nat64 to-r1 r1 to-nat64 &&
		_link r1 to-r2 r2 to-r1 &&
		_link r2 to-inet inet eth0 || return
	# nodad: addresses usable at once, not after duplicate detection.
	ip -n client6 addr add 2001:db8:1::2/64 dev eth0 nodad
	ip -n client6 route add default via 2001:db8:1::1
	ip -n server6 addr add 2001:db8:2::80/64 dev eth0 nodad
	ip -n server6 route add default via 2001:db8:2::1
	ip -n nat64 addr add 2001:db8:1::1/64 dev to-client6 nodad
	ip -n nat64 addr add 2001:db8:2::1/64 dev to-server6 nodad
	ip -n nat64 addr add 198.51.100.1/30 dev to-r1
	ip -n nat64 route add default via 198.51.100.2
	ip -n r1 addr add 198.51.100.2/30 dev to-nat64
	ip -n r1 addr add 198.51.100.5/30 dev to-r2
	ip -n r1 route add "$LAB_POOL4/32" via 198.51.100.1
	ip -n r1 route add default via 198.51.100.6
	ip -n r2 addr add 198.51.100.6/30 dev to-r1
	ip -n r2 addr add 192.0.2.1/24 dev to-inet
	ip -n r2 route add default via 198.51.100.5
	# The first address is the source of the IPv4 clients' connections.
	ip -n inet addr add 192.0.2.2/24 dev eth0
	ip -n inet addr add 192.0.2.53/24 dev eth0
	ip -n inet addr add 192.0.2.80/24 dev eth0
	ip -n inet route add default via 192.0.2.1
	for ns in nat64 r1 r2; do
		on "$ns" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 || return
	done
}

# lab_mtu MTU: the MTU of the r1-r2 link, both ends.
lab_mtu() {
	ip -n r1 link set to-r2 mtu "$1" && ip -n r2 link set to-r1 mtu "$1"
}

# _bg NAME NS CMD...: start a server in the background, output to $LAB/NAME.log.
_bg() {
	local name=$1 ns=$2
	shift 2
	ip netns exec "$ns" "$@" >"$LAB/$name.log" 2>&1 &
	LAB_PIDS+=($!)
	eval "LAB_PID_${name//-/_}=$!"
}

# wait_listen NS PROTO ADDR PORT [SECONDS]: until something listens there.
wait_listen() {
	local ns=$1 proto=$2 addr=$3 port=$4 t=${5:-60} opt=-Hltn
	[ "$proto" = udp ] && opt=-Hlun
	case $addr in *:*) addr="[$addr]" ;; esac
	while [ "$t" -gt 0 ]; do
		if on "$ns" ss $opt "src $addr:$port" | grep -q .; then return 0; fi
		sleep 0.5
		t=$((t - 1))
	done
	echo "nothing listens on $proto $addr:$port in $ns" >&2
	return 1
}

# --- servers --------------------------------------------------------------

_auth_dns() {
	local d=$LAB/auth
	mkdir -p "$d"
	cat >"$d/$LAB_ZONE.zone" <<-EOF
	\$TTL 300
	@	SOA	ns hostmaster 1 3600 600 86400 300
	@	NS	ns
	ns	A	192.0.2.53
	; IPv4-only web server
	www	A	192.0.2.80
	; the IPv6-only server, published to IPv4 through static BIB entries
	pub	A	$LAB_POOL4
	; an IPv6 server: DNS64 must leave its AAAA alone
	v6only	AAAA	2001:db8:2::80
	; private space: not synthesised under the Well-Known Prefix (BIND)
	private	A	10.1.2.3
	EOF
	cat >"$d/named.conf" <<-EOF
	options {
		directory "$d";
		pid-file none;
		lock-file "$d/named.lock";
		session-keyfile "$d/session.key";
		managed-keys-directory "$d";
		listen-on { 192.0.2.53; };
		listen-on-v6 { none; };
		recursion no;
		allow-query { any; };
	};
	controls { };
	zone "$LAB_ZONE" { type primary; file "$d/$LAB_ZONE.zone"; };
	EOF
	_bg named-auth inet named -g -c "$d/named.conf"
}

# DNS64 with BIND 9: a recursive resolver that reaches example.test through
# a static stub (the README's snippet, with the stub in place of the root).
_dns64_bind() {
	local pool6=$1 d=$LAB/dns64-bind
	mkdir -p "$d"
	cat >"$d/named.conf" <<-EOF
	acl rfc1918 { 10.0.0.0/8; 172.16.0.0/12; 192.168.0.0/16; };
	options {
		directory "$d";
		pid-file none;
		lock-file "$d/named.lock";
		session-keyfile "$d/session.key";
		managed-keys-directory "$d";
		listen-on { none; };
		listen-on-v6 { $LAB_RESOLVER; };
		recursion yes;
		allow-query { any; };
		allow-recursion { any; };
		dnssec-validation no;
		dns64 $pool6 { clients { any; }; mapped { !rfc1918; any; }; };
	};
	controls { };
	zone "$LAB_ZONE" { type static-stub; server-addresses { 192.0.2.53; }; };
	EOF
	_bg dns64 nat64 named -g -c "$d/named.conf"
}

# DNS64 with unbound.  unbound answers for the RFC 6761 name test. itself
# unless told not to (local-zone nodefault).
_dns64_unbound() {
	local pool6=$1 d=$LAB/dns64-unbound
	mkdir -p "$d"
	cat >"$d/unbound.conf" <<-EOF
	server:
		interface: $LAB_RESOLVER
		access-control: ::/0 allow
		username: ""
		chroot: ""
		directory: "$d"
		pidfile: "$d/unbound.pid"
		use-syslog: no
		verbosity: 1
		num-threads: 1
		module-config: "dns64 iterator"
		dns64-prefix: $pool6
		local-zone: "test." nodefault
	stub-zone:
		name: "$LAB_ZONE"
		stub-addr: 192.0.2.53
	EOF
	_bg dns64 nat64 unbound -d -c "$d/unbound.conf"
}

# lab_dns64 bind|unbound POOL6: (re)start the DNS64 resolver for POOL6.
lab_dns64() {
	lab_stop dns64
	case $1 in
	bind) _dns64_bind "$2" ;;
	unbound) _dns64_unbound "$2" ;;
	*) echo "lab_dns64: unknown resolver $1" >&2; return 2 ;;
	esac
	wait_listen nat64 udp "$LAB_RESOLVER" 53
}

# nginx NAME NS LISTEN ROOT: logs "client request status bytes".
_nginx() {
	local name=$1 ns=$2 listen=$3 root=$4 d=$LAB/$1
	mkdir -p "$d"
	cat >"$d/nginx.conf" <<-EOF
	daemon off;
	master_process off;
	pid $d/nginx.pid;
	error_log $d/error.log info;
	events { worker_connections 64; }
	http {
		log_format lab '\$remote_addr "\$request" \$status \$body_bytes_sent';
		access_log $d/access.log lab;
		client_body_temp_path $d/body;
		proxy_temp_path $d/proxy;
		fastcgi_temp_path $d/fastcgi;
		uwsgi_temp_path $d/uwsgi;
		scgi_temp_path $d/scgi;
		default_type application/octet-stream;
		server {
			listen $listen;
			root $root;
		}
	}
	EOF
	_bg "$name" "$ns" nginx -e "$d/error.log" -p "$d" -c "$d/nginx.conf"
}

_sshd() {
	local d=$LAB/ssh
	mkdir -p "$d" /run/sshd
	ssh-keygen -q -t ed25519 -N '' -f "$d/host_key" || return
	ssh-keygen -q -t ed25519 -N '' -f "$d/client_key" -C lab-client || return
	cp "$d/client_key.pub" "$d/authorized_keys"
	cat >"$d/sshd_config" <<-EOF
	ListenAddress 2001:db8:2::80
	HostKey $d/host_key
	PidFile $d/sshd.pid
	AuthorizedKeysFile $d/authorized_keys
	StrictModes no
	UsePAM no
	PermitRootLogin prohibit-password
	PasswordAuthentication no
	KbdInteractiveAuthentication no
	LogLevel VERBOSE
	EOF
	_bg sshd server6 /usr/sbin/sshd -D -e -f "$d/sshd_config"
}

# lab_ssh NS HOST CMD...: run CMD on HOST as root with the lab's client key.
lab_ssh() {
	local ns=$1 host=$2
	shift 2
	on "$ns" ssh -F /dev/null -i "$LAB/ssh/client_key" -o BatchMode=yes \
		-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
		-o ConnectTimeout=60 -o LogLevel=ERROR "root@$host" "$@"
}

# lab_servers [all|web]: the authoritative DNS and the IPv4 web server;
# with all (the default) also iperf3 and the IPv6-only server's nginx and sshd.
lab_servers() {
	local what=${1:-all}
	mkdir -p "$LAB/www4" "$LAB/www6"
	echo "hello from the IPv4-only web server www.$LAB_ZONE" >"$LAB/www4/index.html"
	echo "hello from the IPv6-only web server pub.$LAB_ZONE" >"$LAB/www6/index.html"
	head -c $((LAB_BIG_MIB << 20)) /dev/urandom >"$LAB/www4/big.bin"
	cp "$LAB/www4/big.bin" "$LAB/www6/big.bin"
	sha256sum <"$LAB/www4/big.bin" | cut -d' ' -f1 >"$LAB/big.sha256"
	_auth_dns
	_nginx nginx4 inet 192.0.2.80:80 "$LAB/www4"
	if [ "$what" = all ]; then
		_nginx nginx6 server6 '[2001:db8:2::80]:80' "$LAB/www6"
		_sshd
		_bg iperf3 inet iperf3 -s -B 192.0.2.80 -p 5201
	fi
	wait_listen inet udp 192.0.2.53 53 || return
	wait_listen inet tcp 192.0.2.80 80 || return
	if [ "$what" = all ]; then
		wait_listen server6 tcp 2001:db8:2::80 80 || return
		wait_listen server6 tcp 2001:db8:2::80 22 || return
		wait_listen inet tcp 192.0.2.80 5201 || return
	fi
}

# lab_stop NAME: stop one server started by _bg.
lab_stop() {
	local var=LAB_PID_${1//-/_}
	[ -n "${!var:-}" ] || return 0
	kill "${!var}" 2>/dev/null
	wait "${!var}" 2>/dev/null
	unset "$var"
}

# lab_down: stop every server, delete the namespaces.
lab_down() {
	local p ns
	for p in "${LAB_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	for p in "${LAB_PIDS[@]}"; do wait "$p" 2>/dev/null; done
	LAB_PIDS=()
	for ns in $LAB_NS; do ip netns del "$ns" 2>/dev/null; done
	return 0
}

# lab_nat64 POOL6: the NAT64 instance, its pool4, and static BIB entries
# publishing server6's HTTP and SSH servers on $LAB_POOL4 ports 80 and 22.
lab_nat64() {
	on nat64 nat64ctl instance add pool6 "$1" &&
		on nat64 nat64ctl pool4 add "$LAB_POOL4/32"
}

# synth POOL6 IPV4...: the RFC 6052 addresses of IPV4... under POOL6, one a
# line, in the canonical text form (RFC 5952) that dig and traceroute print.
synth() {
	/usr/bin/python3 - "$@" <<-'EOF'
	import ipaddress, sys
	net = ipaddress.IPv6Network(sys.argv[1])
	plen = net.prefixlen
	for v4 in sys.argv[2:]:
	    b = bytearray(net.network_address.packed)
	    v = ipaddress.IPv4Address(v4).packed
	    pos = [i for i in range(plen // 8, 16) if i != 8][:4]
	    for i, byte in zip(pos, v):
	        b[i] = byte
	    print(ipaddress.IPv6Address(bytes(b)))
	EOF
}
