/**
 * Every language Vigil speaks, one line each: a third language is its JSON
 * file beside these and one line here (docs/decisions/039-languages.md).
 * English is the source: every other file carries the same keys
 * (tests/translations.test.ts).
 */
export { default as en } from './en.json'
export { default as es } from './es.json'
