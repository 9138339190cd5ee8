/** Policy versions compared: by structure, and by meaning with witness households. */
export { structuralDiff, type Change } from './structure.js';
export { semanticDiff, outputsOf, type SemanticDiff, type Witness, type Verdict, type SemanticOptions } from './semantic.js';
