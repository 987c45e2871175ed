# SPDX-License-Identifier: GPL-2.0
# bash completion for nat64ctl(8).  Installed as
# $(PREFIX)/share/bash-completion/completions/nat64ctl.

# Words of the current command line from the object on: options (and the
# namespace name after -n, the file after -b) are skipped.  Sets
# _nat64ctl_ns and _nat64ctl_batch (the file of -batch) too.
_nat64ctl_words()
{
	local i w skip=
	_nat64ctl_args=()
	_nat64ctl_ns=
	_nat64ctl_batch=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $skip == ns ]]; then
			_nat64ctl_ns=$w
			skip=
		elif [[ $skip == file ]]; then
			_nat64ctl_batch=$w
			skip=
		elif [[ ${#_nat64ctl_args[@]} -eq 0 && $w == -* ]]; then
			case $w in
			-n | -netns | --netns) skip=ns ;;
			-b | -batch | --batch) skip=file ;;
			esac
		else
			_nat64ctl_args+=("$w")
		fi
	done
}

# The KEYWORD VALUE pairs already given (from index $1 of the arguments).
_nat64ctl_used()
{
	local i
	for ((i = $1; i < ${#_nat64ctl_args[@]}; i += 2)); do
		printf '%s\n' "${_nat64ctl_args[i]}"
	done
}

# Offers the words of $1 that are not among the keywords already used.
_nat64ctl_unused()
{
	local w used
	used=$(_nat64ctl_used "$2")
	for w in $1; do
		grep -qx -- "$w" <<<"$used" || printf '%s ' "$w"
	done
}

_nat64ctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local n words files=
	_nat64ctl_words
	n=${#_nat64ctl_args[@]}

	case $prev in
	-n | -netns | --netns)
		[[ $n -eq 0 ]] || return
		words=$(ls /run/netns 2>/dev/null) ;;
	-b | -batch | --batch)
		[[ $n -eq 0 ]] || return
		files=1 ;;
	esac
	# -batch FILE is a whole command: only options may come with it.
	if [[ -n $_nat64ctl_batch && $cur != -* ]]; then
		COMPREPLY=()
		return
	fi
	if [[ -n $files ]]; then
		:
	elif [[ -z $words && $n -eq 0 ]]; then
		if [[ $cur == -* ]]; then
			words="-j -json -p -pretty -n -netns -b -batch -h -help -V -Version"
		else
			words="instance pool4 global bib session stats monitor apply save help"
		fi
	elif [[ -z $words && $n -eq 1 ]]; then
		case ${_nat64ctl_args[0]} in
		instance) words="add del show help" ;;
		pool4) words="add del flush show usage help" ;;
		global) words="show set help" ;;
		bib) words="add del show help" ;;
		session) words="show flush help" ;;
		stats) words="show prometheus help" ;;
		monitor) words="all bib session help" ;;
		apply) words="check help"; files=1 ;;
		save) words=help ;;
		esac
	elif [[ -z $words ]]; then
		case "${_nat64ctl_args[0]} ${_nat64ctl_args[1]}" in
		"apply check")
			[[ $n -eq 2 ]] && files=1 ;;
		"instance add")
			case $prev in
			pool6) ;;
			mode) words="netfilter target" ;;
			*) words=$(_nat64ctl_unused "pool6 mode" 2) ;;
			esac ;;
		"pool4 add" | "pool4 del")
			case $prev in
			proto) words="tcp udp icmp" ;;
			ports) ;;
			*) [[ $n -ge 3 ]] && words=$(_nat64ctl_unused "proto ports" 3) ;;
			esac ;;
		"pool4 flush" | "pool4 show" | "pool4 usage" | "session flush")
			case $prev in
			proto) words="tcp udp icmp" ;;
			*) words=$(_nat64ctl_unused proto 2) ;;
			esac ;;
		"bib add" | "bib del")
			# Transport addresses cannot be guessed; the keyword can.
			case $prev in
			proto) words="tcp udp icmp" ;;
			*) [[ " ${_nat64ctl_args[*]:2} " == *" proto "* ]] ||
				words=proto ;;
			esac ;;
		"bib show" | "session show")
			case $prev in
			proto) words="tcp udp icmp" ;;
			addr4 | addr6 | remote4) ;;
			*)
				if [[ ${_nat64ctl_args[0]} == bib ]]; then
					words=$(_nat64ctl_unused "proto addr4 addr6" 2)
				else
					words=$(_nat64ctl_unused "proto addr6 addr4 remote4" 2)
				fi ;;
			esac ;;
		"stats show")
			[[ $n -eq 2 ]] && words=nonzero ;;
		"global set")
			if (((n - 2) % 2 == 0)); then
				words=$(_nat64ctl_unused "udp-timeout tcp-est-timeout
					tcp-trans-timeout icmp-timeout filtering
					drop-external-tcp tos-override tos
					lowest-ipv6-mtu max-stored-syns max-sessions
					max-ipv4-sessions max-ipv4-sessions-per-bib
					max-sessions-per-host max-bib-per-host
					subscriber-prefix-len icmp-src-pool4" 2)
			else
				case $prev in
				filtering) words="endpoint-independent address-dependent" ;;
				drop-external-tcp | tos-override) words="on off" ;;
				icmp-src-pool4) words=none ;;
				esac
			fi ;;
		esac
	fi
	COMPREPLY=()
	[[ -n $words ]] && mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
	# A configuration file (nat64.conf(5)), or - for standard input.
	if [[ -n $files ]]; then
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
	fi
}
complete -F _nat64ctl nat64ctl
