/** Diagnostics: spans, codes, messages, suggestions and code frames. Imports nothing of ours. */
export { Source, span, cover, location, type Span } from './source.js';
export { error, warning, hasErrors, toJson, type Diagnostic, type Related, type Severity } from './diagnostic.js';
export { nearest, didYouMean, editDistance } from './suggest.js';
export { excerpt, MAX_QUOTED } from './excerpt.js';
export { renderDiagnostic, renderDiagnostics, displayWidth } from './render.js';
