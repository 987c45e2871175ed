# SPDX-License-Identifier: GPL-2.0
"""What a Python suite in test/suites/ starts from, as suite.sh is for the
shell suites: the environment the VM runner gives them (with the same
defaults, so a suite also runs by hand), the module under test loaded the
way suite.sh's nat64_load loads it, and suite.sh's check helpers for the
commands a suite runs.

    R = Results('bib')
    suite.start(R)              # or suite.start(R, 'veth'): modprobe those too
"""
import ctypes
import os
import subprocess
import sys
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault('NAT64_TOP', TOP)
KO = os.environ.setdefault('NAT64_KO', os.path.join(TOP, 'mod', 'nat64.ko'))
CTL = os.environ.setdefault('NAT64CTL', os.path.join(TOP, 'usr', 'nat64ctl'))
# First, so that `nat64ctl' is the one under test even if one is installed.
os.environ['PATH'] = os.path.dirname(CTL) + ':' + os.environ.get('PATH', '')


def run(*args):
    """Run a command, logged to our stderr (the suite log) as suite.sh's
    _run logs it; returns the CompletedProcess (text)."""
    r = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True)
    log = [f'+ {" ".join(args)}  [exit {r.returncode}]']
    log += [f'  out: {line}' for line in r.stdout.splitlines()]
    log += [f'  err: {line}' for line in r.stderr.splitlines()]
    sys.stderr.write('\n'.join(log) + '\n')
    return r


def modprobe(*names):
    return run('modprobe', '-a', *names).returncode == 0


def nat64_loaded():
    return os.path.isdir('/sys/module/nat64')


def nat64_load(*params):
    """insmod $NAT64_KO after modprobing what it depends on: its own
    `depends' field names them (nf_defrag_* against Debian's kernel,
    nothing against the debug kernel, which has them built in)."""
    r = run('modinfo', '-F', 'depends', KO)
    if r.returncode:
        return False
    deps = [d for d in r.stdout.strip().split(',') if d]
    if deps and not modprobe(*deps):
        return False
    return run('insmod', KO, *params).returncode == 0


def nat64_unload():
    """rmmod, retrying for 5 s: a reference held longer is a bug."""
    for _ in range(9):
        if run('rmmod', 'nat64').returncode == 0 or not nat64_loaded():
            return True
        time.sleep(0.5)
    return run('rmmod', 'nat64').returncode == 0


def start(results, *modules):
    """Load the module (a FAIL line and the end of the suite if it does
    not load), then modprobe @modules (veth, tun: a failure shows in the
    log and in the tests that need them)."""
    if not nat64_load():
        results.check('module loads', 'insmod failed')
        results.finish()
    if modules:
        modprobe(*modules)


def own_netns():
    """Go on in a network namespace of our own, as `unshare -n' would start
    us (Python 3.11 has no os.unshare); commands run later inherit it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(0x40000000):        # CLONE_NEWNET
        raise OSError(ctypes.get_errno(), 'unshare(CLONE_NEWNET)')


def _first(text):
    return text.strip().split('\n')[0] if text.strip() else ''


def check(results, name, *args):
    """Passes if the command exits 0."""
    r = run(*args)
    err = _first(r.stderr)
    return results.expect(name, r.returncode == 0,
                          f'`{" ".join(args)}\' exited {r.returncode}' +
                          (f': {err}' if err else ''))


def check_fail(results, name, want, *args):
    """Passes if the command exits non-zero with @want in its stderr (an
    error for the wrong reason is a failure too)."""
    r = run(*args)
    cmdline = ' '.join(args)
    if r.returncode == 0:
        return results.check(name, f'`{cmdline}\' succeeded, expected an error '
                                   f'containing `{want}\'')
    return results.expect(name, want in r.stderr,
                          f'`{cmdline}\' exited {r.returncode} but stderr lacks '
                          f'`{want}\': {_first(r.stderr)}')


def check_out(results, name, want, *args):
    """Passes if the command exits 0 and prints @want (trailing newlines
    ignored)."""
    r = run(*args)
    cmdline = ' '.join(args)
    if r.returncode:
        err = _first(r.stderr)
        return results.check(name, f'`{cmdline}\' exited {r.returncode}' +
                             (f': {err}' if err else ''))
    got = r.stdout.rstrip('\n')
    return results.expect(name, got == want,
                          f'`{cmdline}\' printed `{got}\', expected `{want}\'')
