/**
 * The writer stage: JavaPoet emission of flyweight classes from a computed layout, with one
 * small emitter per kind of field.
 */
package dev.ferrite.processor.writer;
