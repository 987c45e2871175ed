# SPDX-License-Identifier: GPL-2.0
"""What every Python suite prints: one line per test, PASS or FAIL, also
appended to $NAT64_RESULTS, and at the end the counts on stderr."""
import os
import sys


class Results:
    def __init__(self, suite):
        self.suite, self.failed, self.passed = suite, 0, 0

    def _line(self, line):
        sys.stderr.flush()
        print(line, flush=True)
        path = os.environ.get('NAT64_RESULTS')
        if path:
            with open(path, 'a') as f:
                f.write(line + '\n')

    def check(self, name, problems):
        """@problems: a list of strings (empty: pass), a string, or a bool."""
        if problems is True or problems == [] or problems is None:
            self.passed += 1
            self._line(f'PASS  {self.suite}: {name}')
            return True
        if problems is False:
            problems = ['failed']
        if isinstance(problems, str):
            problems = [problems]
        why = '; '.join(problems).replace('\n', ' ')
        self.failed += 1
        self._line(f'FAIL  {self.suite}: {name}: {why[:400]}')
        return False

    def expect(self, name, ok, why=''):
        """Passes if @ok; else fails, saying @why."""
        return self.check(name, True if ok else (why or False))

    def finish(self):
        sys.stderr.write(f'{self.suite}: {self.passed} passed, {self.failed} failed\n')
        sys.exit(1 if self.failed else 0)
