/**
 * The application: wires the three stage modules into one {@link dev.videorec.app.Funnel} and exposes it as the
 * {@code videorec} command line ({@link dev.videorec.app.Main}): {@code demo} runs the funnel end to end on the
 * committed sample with an offline evaluation, {@code generate} writes a synthetic dataset.
 *
 * <p>ML system design steps: <em>training and evaluation</em> (offline metrics on a held-out later time window,
 * each learned stage beside its baseline) and the <em>serving</em> path (per-stage latency in every trace). This
 * is the only module that depends on all three stages; the stages never depend on each other.
 */
package dev.videorec.app;
