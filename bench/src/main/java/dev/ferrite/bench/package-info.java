/** JMH benchmarks of Ferrite, each side by side with a baseline measured in the same run. */
package dev.ferrite.bench;
