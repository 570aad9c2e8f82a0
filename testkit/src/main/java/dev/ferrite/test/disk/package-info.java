/**
 * The disks of the power-cut tests: a recording one under the workload, and real directories
 * that take on each crash state. Internal.
 */
package dev.ferrite.test.disk;
