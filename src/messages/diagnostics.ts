/** The words of a diagnostic's frame (its message is the raising code's, in English). */
import { messages } from './lang.js';

export const FRAME = messages(
  { error: 'error', warning: 'warning', at: 'at', note: 'note', help: 'help', colon: ': ' },
  { error: '错误', warning: '警告', at: '位置', note: '注', help: '提示', colon: '：' },
);
