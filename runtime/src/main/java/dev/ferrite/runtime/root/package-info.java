/** The stored form of a heap's named roots. Not exported. */
package dev.ferrite.runtime.root;
