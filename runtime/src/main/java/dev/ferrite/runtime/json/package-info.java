/**
 * A small JSON writer and parser, for schema documents and the command-line tool's output. Not
 * part of any API: exported to the command-line tool only.
 */
package dev.ferrite.runtime.json;
