#!/usr/bin/env python3
"""Starts the App the way ThreatConnect starts a Python App (`python run.py` in the App folder).

The App runs on the Node.js runtime this package carries (runtime/node). This launcher checks that runtime can run
here, then replaces itself with it (os.execve): same PID, environment, working folder and arguments, so the
platform's signals, kills and exit codes reach the App directly. When the runtime cannot run here it prints one
line saying what it expected and what it found, and exits 1.

Standard library only; runs on Python 3.6 and later.
"""
import json
import os
import sys

# The runtime and the App, relative to this file's folder.
RUNTIME = os.path.join('runtime', 'node')
# The options the runtime starts with (a JSON object whose "flags" is a list of strings, and whose "env" names
# variables the runtime gets unless the platform sets them itself), when the file is there.
RUNTIME_FLAGS = os.path.join('runtime', 'node-flags.json')
ENTRY = 'app.js'
# What the runtime was built for: the official Node.js linux-x64 build needs glibc 2.28 or later.
RUNTIME_PLATFORM = 'x86-64 Linux'
RUNTIME_ELF_MACHINE = 62  # EM_X86_64
MIN_GLIBC = (2, 28)

# ELF e_machine values of the CPUs a job server might have, to say which one a runtime was built for.
ELF_MACHINES = {3: 'x86 (32-bit)', 40: 'ARM (32-bit)', 62: 'x86-64', 183: 'ARM64 (aarch64)', 243: 'RISC-V'}


def fail(message):
    sys.stderr.write('run.py: cannot start the App: %s\n' % message)
    sys.stderr.flush()
    sys.exit(1)


def elf_machine(path):
    """The ELF e_machine of `path`, or None when it is not a 64-bit little-endian ELF file."""
    with open(path, 'rb') as f:
        head = f.read(20)
    if len(head) < 20 or head[:4] != b'\x7fELF' or head[4] != 2 or head[5] != 1:
        return None
    return head[18] | (head[19] << 8)


def glibc_version():
    """The C library's (major, minor) when it is glibc, else None."""
    try:
        name, version = os.confstr('CS_GNU_LIBC_VERSION').split()
    except (AttributeError, ValueError, OSError):
        return None
    if name != 'glibc':
        return None
    try:
        return tuple(int(part) for part in version.split('.')[:2])
    except ValueError:
        return None


def platform_environment():
    """The environment exactly as the platform passed it.

    Python 3.7+ may add LC_CTYPE to its own environment at start (PEP 538 locale coercion); the kernel's copy in
    /proc/self/environ is what this process was started with. Falls back to os.environ where /proc is not there.
    """
    try:
        with open('/proc/self/environ', 'rb') as f:
            raw = f.read()
    except OSError:
        return os.environ
    env = {}
    for entry in raw.split(b'\0'):
        key, sep, value = entry.partition(b'=')
        if sep and key:
            env[key] = value
    return env


def runtime_options(path):
    """The runtime's options from `path` (flags, and environment defaults), or none when there is no such file."""
    if not os.path.isfile(path):
        return [], {}
    try:
        with open(path, 'rb') as f:
            options = json.loads(f.read().decode('utf-8'))
        flags = options.get('flags', [])
        env = options.get('env', {})
    except (OSError, ValueError, AttributeError) as err:
        fail('cannot read the runtime options %s: %s' % (path, err))
    if not isinstance(flags, list) or not all(isinstance(flag, str) and flag.startswith('--') for flag in flags):
        fail('the runtime options %s are not a list of --options under "flags"' % path)
    if not isinstance(env, dict) or not all(isinstance(k, str) and k and '=' not in k and isinstance(v, str) for k, v in env.items()):
        fail('the runtime options %s do not map names to strings under "env"' % path)
    return flags, env


def with_defaults(env, defaults):
    """`env` with each of `defaults` added where `env` does not set it (the platform's own value wins)."""
    if not defaults:
        return env
    merged = dict(env)
    for key, value in defaults.items():
        name = key.encode('utf-8') if isinstance(next(iter(env), ''), bytes) else key
        if name not in merged:
            merged[name] = value.encode('utf-8') if isinstance(name, bytes) else value
    return merged


def ensure_executable(path):
    """Makes the runtime executable when an unpacker dropped the mode bits and this user owns it."""
    if os.access(path, os.X_OK):
        return
    try:
        mode = os.stat(path).st_mode
        os.chmod(path, mode | ((mode & 0o444) >> 2))
    except OSError:
        pass
    if not os.access(path, os.X_OK):
        fail('the bundled Node.js runtime %s is not executable by this user (uid %d) and its mode cannot be changed; '
             'expected an executable file (chmod 755 it, and do not unpack the App on a noexec file system)'
             % (path, os.geteuid()))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    runtime = os.path.join(here, RUNTIME)
    entry = os.path.join(here, ENTRY)
    if not sys.platform.startswith('linux'):
        fail('expected %s, found %s' % (RUNTIME_PLATFORM, sys.platform))
    if not os.path.isfile(runtime):
        fail('the bundled Node.js runtime is missing: expected the file %s' % runtime)
    if not os.path.isfile(entry):
        fail('the App is missing: expected the file %s' % entry)
    try:
        machine = elf_machine(runtime)
    except OSError as err:
        fail('cannot read the bundled Node.js runtime %s: %s' % (runtime, err))
    if machine is None:
        fail('the bundled Node.js runtime %s is not a 64-bit ELF executable; expected the %s build' % (runtime, RUNTIME_PLATFORM))
    if machine != RUNTIME_ELF_MACHINE:
        fail('the bundled Node.js runtime %s is built for %s; expected %s'
             % (runtime, ELF_MACHINES.get(machine, 'CPU %d' % machine), RUNTIME_PLATFORM))
    cpu = os.uname()[4]
    if cpu not in ('x86_64', 'amd64'):
        fail('this server is %s Linux; expected %s' % (cpu, RUNTIME_PLATFORM))
    glibc = glibc_version()
    if glibc is None:
        fail('this server has no GNU C library (glibc); expected %s with glibc %d.%d or later' % ((RUNTIME_PLATFORM,) + MIN_GLIBC))
    if glibc < MIN_GLIBC:
        fail('this server has glibc %d.%d; expected glibc %d.%d or later' % (glibc + MIN_GLIBC))
    flags, env_defaults = runtime_options(os.path.join(here, RUNTIME_FLAGS))
    ensure_executable(runtime)
    try:
        os.execve(runtime, [runtime] + flags + [entry] + sys.argv[1:], with_defaults(platform_environment(), env_defaults))
    except OSError as err:
        fail('starting the bundled Node.js runtime %s failed: %s' % (runtime, err))


if __name__ == '__main__':
    main()
