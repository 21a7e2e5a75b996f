// The bundle's entry point: run.py (install.json programMain) replaces itself with the packaged Node.js runtime running
// this file in the bundle folder; `node app.js` runs it standalone.
import { main } from '../sdk';
import { createSentinelApp } from './index';

main(createSentinelApp());
