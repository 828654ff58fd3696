/**
 * Online evaluation without users: an A/B test (or team-draft interleaving) in which simulated users behave by the
 * synthetic world's ground truth ({@link dev.videorec.app.simulation.AbSimulation}), analysed per user with
 * confidence intervals, Welch's t-test and effect sizes ({@link dev.videorec.app.simulation.AbStatistics}); the
 * feedback loop, in which each arm is retrained on its own traffic between days; and off-policy evaluation from a
 * log of served lists with their propensities ({@link dev.videorec.app.simulation.ExplorationLog},
 * {@link dev.videorec.app.simulation.OffPolicyEstimators}, {@link dev.videorec.app.simulation.OffPolicyEvaluation}:
 * under the item-position or the position-based click model, two policies also compared with a paired bootstrap),
 * with the position-bias curve estimated from explored slots ({@link dev.videorec.app.simulation.PositionBiasCurve})
 * and the feedback loop's deployment gate: its concordance judge on explored impressions
 * ({@link dev.videorec.app.simulation.ChampionGate}); its default judge, each ranker's funnel estimated off-policy
 * on the day's log, is {@code simulate}'s.
 */
package dev.videorec.app.simulation;
