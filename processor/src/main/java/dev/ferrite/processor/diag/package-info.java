/** The catalogue of the processor's diagnostics and the one class that reports them. */
package dev.ferrite.processor.diag;
