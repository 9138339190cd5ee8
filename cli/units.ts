/** A parameter's unit as people read it (src/policy/units.ts), for the commands that show parameters. */
export { unitText } from '../src/policy/units.js';
