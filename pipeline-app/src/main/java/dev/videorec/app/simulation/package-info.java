/**
 * Online evaluation without users: an A/B test (or team-draft interleaving) in which simulated users behave by the
 * synthetic world's ground truth ({@link dev.videorec.app.simulation.AbSimulation}), analysed per user with
 * confidence intervals, Welch's t-test and effect sizes ({@link dev.videorec.app.simulation.AbStatistics}).
 */
package dev.videorec.app.simulation;
