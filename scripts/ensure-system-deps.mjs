#!/usr/bin/env node
// Makes sure the system programs the test suite drives are installed: Mosquitto and Redis (the service-protocol
// tests start their own brokers) and Debian's Chromium (browser tests). Installs missing ones with apt-get when
// running as root; otherwise says exactly what to install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const NEEDED = [
  { bin: '/usr/sbin/mosquitto', alt: '/usr/bin/mosquitto', pkg: 'mosquitto' },
  { bin: '/usr/bin/redis-server', alt: '/usr/sbin/redis-server', pkg: 'redis-server' },
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
];

const missing = NEEDED.filter((n) => !fs.existsSync(n.bin) && !(n.alt && fs.existsSync(n.alt))).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`Missing system packages: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}
console.log(`Installing system packages: ${missing.join(' ')}`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
} catch {
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
