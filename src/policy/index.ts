/** Policy packages: loading, schemas, dated parameters, household schema, scenarios. */
export { loadPolicy, type LoadResult } from './load.js';
export { displayPath } from './displayPath.js';
export { applyScenarioFile, applyScenario, idClashes, type ScenarioResult, type ScenarioInfo } from './scenario.js';
export { policyEnv, parseAt } from './typecheck.js';
export { describeValue, resolveParameter, valueEntryAt, ParameterUnavailable, ParameterUnset, isShare, parameterValue, type ResolvedValue } from './parameters.js';
export { UNSET } from './model.js';
export { checkShares } from './shares.js';
export { convertValue, enumChoices, formatValue, exactMoney } from './values.js';
export { readYamlFile, parseYaml, YamlFile, type PathSegment } from './yamlFile.js';
export { validateAgainst, schemaDir } from './schemaCheck.js';
export { packageRoot, defaultPolicyDir } from './root.js';
export { LIMITS } from './limits.js';
export { openRegularFile, readRegularFile, type Opened, type ReadWhole } from './inputFile.js';
export type * from './model.js';
export { checkConsistency, parametersRead, policyExpressions } from './consistency.js';
export { textOf, inLanguage } from './text.js';
export { memberId, declaredName, payerDecl, payerLabel, valueLabel, fieldLabel, categoryLabel, orderPayers, breakdownValue, breakdownEnum, weightOf } from './payers.js';
