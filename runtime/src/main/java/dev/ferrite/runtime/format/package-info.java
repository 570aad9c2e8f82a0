/**
 * The record header that starts every block of a heap. The bottom of the runtime: it depends on
 * nothing, and everything from the flyweights to the tools reads it. Not exported (the command-line
 * tool gets it by a qualified export).
 */
package dev.ferrite.runtime.format;
