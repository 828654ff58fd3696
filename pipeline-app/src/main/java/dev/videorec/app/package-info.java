/**
 * The application: wires the three stage modules into one {@link dev.videorec.app.funnel.Funnel}, trains it into a
 * {@link dev.videorec.app.ModelDirectory}, and exposes everything as the {@code videorec} command line
 * ({@link dev.videorec.app.Main}): {@code train}, {@code recommend}, {@code serve}, {@code load-test},
 * {@code evaluate}, {@code simulate}, {@code monitor}, {@code split}, {@code generate}, and the one-process
 * {@code demo}.
 *
 * <p>ML system design steps: <em>training and evaluation</em> (offline metrics on a held-out later time window,
 * each learned stage beside its baseline; on ratings data and logs, the funnel chosen on validation data carved
 * from the training part by {@link dev.videorec.app.ValidationSearch}; lists from outside systems scored on the
 * same split with paired intervals), and through the
 * sub-packages <em>serving</em> ({@code serving}), <em>online evaluation</em> ({@code simulation}) and
 * <em>monitoring</em> ({@code monitoring}). This is the only module that depends on all three stages; the stages
 * never depend on each other.
 */
package dev.videorec.app;
