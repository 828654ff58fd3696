/**
 * JMH benchmarks of the funnel's stages. Each benchmark runs its subject beside a baseline in the same JMH run,
 * so results are read as ratios (these machines are noisy; absolute numbers move between runs, ratios much less).
 * See the module README for the commands.
 */
package dev.videorec.benchmarks;
