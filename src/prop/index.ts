/** Property tests of policies: household generators from the input schema, properties, invariants. */
export { householdArbitrary, type Generated } from './arbitraries.js';
export { hintsFrom, type Hints } from './hints.js';
export { checkProperties, counterexampleYaml, type PropOptions, type PropResult, type Relation, type ScenarioUnderTest } from './properties.js';
export { noChangePolicy } from './noChange.js';
export { testCorpus } from './corpus.js';
export { minimizeHousehold } from './minimize.js';
