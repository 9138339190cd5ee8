/** Simulation over populations: readers, aggregation, comparison with scenarios, reports. */
export { readPopulation, formatOf, PopulationError, type RawRecord, type PopulationFormat } from './readers.js';
export { Aggregate, weightedShares, type ItemAggregate } from './aggregate.js';
export { Comparison, CHANGE_BUCKETS, bucketLabel } from './compare.js';
export { simulate, householdOf, rejectionText, SeenIds, recordId, duplicateId, keepRejection, stoppedAt, Accumulator, WorkerFailure, type SimulationResult, type SimulationOptions, type ScenarioRun, type Rejected } from './simulate.js';
export { simulationJson, simulationScope, aggregateJson, deltaJson, comparisonJson, count } from './report.js';
export { Breakdown, Sums, Weight, MoneyOverflow } from './money.js';
export { simulationTables, aggregateTables, scopeTable, periodText, type Table } from './tables.js';
export { generatePopulation, generateHousehold, type PopulationSpec } from './generate.js';
export { Random } from './random.js';
export { project, ageHousehold, type ProjectionResult, type ProjectionOptions, type ProjectionAssumptions, type ProjectedYear, type Interval } from './project.js';
export { projectionJson, projectionScope, projectionTable } from './projectionReport.js';
export { WhatIf } from './whatIf.js';
export { Profiles } from './profiles.js';
export { RowColumns, fenText, type HouseholdRow, type RowFigures } from './householdRows.js';
export type { RowSink } from './rowOrder.js';
