/** The literate view: the document's text beside its encoding, as Markdown and HTML. */
export { literateView } from './literate.js';
export { toMarkdown, toHtml, escapeHtml, type Block } from './document.js';
