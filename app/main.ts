// The bundle's entry point (install.json programMain): ThreatConnect starts `node app.js` in the bundle folder.
import { main } from '../sdk/run';
import { createSentinelApp } from './index';

main(createSentinelApp());
